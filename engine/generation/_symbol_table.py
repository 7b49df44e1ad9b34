"""Names people call instruments by -> their Yahoo symbols: companies, funds, indices, coins,
currency pairs and commodities, as data (``_vocabulary.SYMBOL_NAMES`` reads every one).

Each line is ``SYMBOL: name | name | ...``, the names written as Botlab's words are (lower case,
"&" and "'s" kept, a hyphen a space: "coca cola", "at & t", "t mobile"). A name maps to one
symbol: a name said twice is an error at import, so no name is ever a guess between two.
Left out on purpose, so they are read only as a ticker ("Target (TGT)", "$SNAP", "buy ZM"):
names that are everyday or trading words ("target", "block", "snap", "zoom", "gap", "delta",
"best buy", "five below", "take two", "united", "general", "shell", "sterling", "the yen",
"guppy"), sites and brokers people trade on or read ("reddit", "robinhood", "schwab", "sofi",
"amex"), and names several instruments share ("hp", "bitcoin etf", "semiconductor etf").
"""

from __future__ import annotations


def _table(*blocks: str) -> dict[str, str]:
    """``{name: symbol}`` of lines ``SYMBOL: name | name``; a name given two symbols raises."""
    out: dict[str, str] = {}
    for block in blocks:
        for line in block.strip().splitlines():
            symbol, _, names = line.partition(":")
            for name in (n.strip() for n in names.split("|")):
                if out.setdefault(name, symbol.strip()) != symbol.strip():
                    raise ValueError(f"{name!r} names both {out[name]} and {symbol.strip()}")
    return out


_COMPANIES = """
AAPL: apple | apple inc
MSFT: microsoft
GOOG: google | alphabet
AMZN: amazon
TSLA: tesla
NVDA: nvidia
NFLX: netflix
META: facebook | meta platforms
IBM: ibm
AMD: advanced micro devices
INTC: intel
ORCL: oracle
ADBE: adobe
CRM: salesforce
CSCO: cisco
QCOM: qualcomm
TXN: texas instruments
MU: micron | micron technology
AVGO: broadcom
MRVL: marvell | marvell technology
SMCI: super micro | supermicro | super micro computer
TSM: tsmc | taiwan semiconductor
ASML: asml
ARM: arm holdings
AMAT: applied materials
LRCX: lam research
KLAC: kla corp
ADI: analog devices
ON: onsemi | on semiconductor
DELL: dell | dell technologies
HPE: hewlett packard enterprise
ACN: accenture
NOW: servicenow
WDAY: workday
SNOW: snowflake
DDOG: datadog
CRWD: crowdstrike
PANW: palo alto networks | palo alto
FTNT: fortinet
ZS: zscaler
NET: cloudflare
MDB: mongodb
OKTA: okta
TWLO: twilio
DOCU: docusign
TEAM: atlassian
HUBS: hubspot
INTU: intuit
ADSK: autodesk
SNPS: synopsys
CDNS: cadence design systems
ANET: arista | arista networks
PLTR: palantir
SHOP: shopify
SPOT: spotify
PINS: pinterest
SNAP: snapchat
RBLX: roblox
U: unity software
EA: electronic arts
TTWO: take two interactive
DKNG: draftkings
UBER: uber
LYFT: lyft
ABNB: airbnb
DASH: doordash
BKNG: booking holdings
EXPE: expedia
MELI: mercadolibre | mercado libre
SE: sea limited
CPNG: coupang
EBAY: ebay
ETSY: etsy
W: wayfair
CVNA: carvana
Z: zillow
OPEN: opendoor
BABA: alibaba
BIDU: baidu
JD: jd com
PDD: pinduoduo | pdd holdings
TCEHY: tencent
NIO: nio
LI: li auto
XPEV: xpeng
SONY: sony
NTDOY: nintendo
TM: toyota
HMC: honda
RACE: ferrari
STLA: stellantis
F: ford | ford motor
GM: general motors
RIVN: rivian
LCID: lucid motors | lucid group
HOG: harley davidson
NOK: nokia
ERIC: ericsson
BB: blackberry
SIRI: sirius xm
COIN: coinbase
PYPL: paypal
V: visa
MA: mastercard
AXP: american express
MSTR: microstrategy
MARA: marathon digital
RIOT: riot platforms | riot blockchain
JPM: jpmorgan | jp morgan | jpmorgan chase
BAC: bank of america
WFC: wells fargo
C: citigroup | citi
GS: goldman sachs | goldman
MS: morgan stanley
BLK: blackrock
BX: blackstone
COF: capital one
SPGI: s & p global
MCO: moody's
CME: cme group
AIG: aig
MET: metlife
BRK-B: berkshire | berkshire hathaway
UNH: unitedhealth | unitedhealth group
JNJ: johnson & johnson | johnson and johnson
LLY: eli lilly | lilly
PFE: pfizer
MRK: merck
ABBV: abbvie
ABT: abbott | abbott laboratories
BMY: bristol myers squibb | bristol myers
AMGN: amgen
GILD: gilead | gilead sciences
MRNA: moderna
BNTX: biontech
NVAX: novavax
REGN: regeneron
VRTX: vertex pharmaceuticals
BIIB: biogen
NVO: novo nordisk
AZN: astrazeneca
CVS: cvs | cvs health
WBA: walgreens
HUM: humana
CI: cigna
ISRG: intuitive surgical
TMO: thermo fisher
DHR: danaher
MDT: medtronic
SYK: stryker
KO: coca cola | coke
PEP: pepsi | pepsico
PG: procter & gamble | procter and gamble
MCD: mcdonalds | mcdonald's
SBUX: starbucks
CMG: chipotle
YUM: yum brands
DPZ: domino's | dominos pizza
WEN: wendy's
KHC: kraft heinz
HSY: hershey
MDLZ: mondelez
GIS: general mills
CL: colgate | colgate palmolive
KMB: kimberly clark
CLX: clorox
EL: estee lauder
NKE: nike
LULU: lululemon
UAA: under armour
RL: ralph lauren
CROX: crocs
DIS: disney | walt disney
WMT: walmart
COST: costco
HD: home depot
LOW: lowe's
KR: kroger
DG: dollar general
DLTR: dollar tree
TJX: tjx
ULTA: ulta | ulta beauty
M: macy's
KSS: kohl's
JWN: nordstrom
GME: gamestop
AMC: amc | amc entertainment
PTON: peloton
MAR: marriott
HLT: hilton
CCL: carnival | carnival cruise
RCL: royal caribbean
NCLH: norwegian cruise line
LVS: las vegas sands
WYNN: wynn | wynn resorts
MGM: mgm resorts
BA: boeing
EADSY: airbus
LMT: lockheed martin | lockheed
RTX: raytheon
NOC: northrop grumman | northrop
GD: general dynamics
CAT: caterpillar
DE: deere | john deere
HON: honeywell
GE: general electric
FDX: fedex
UNP: union pacific
DAL: delta air lines | delta airlines
UAL: united airlines
AAL: american airlines
LUV: southwest airlines
JBLU: jetblue
WM: waste management
XOM: exxon | exxonmobil | exxon mobil
CVX: chevron
COP: conocophillips
OXY: occidental | occidental petroleum
BP: british petroleum
SHEL: royal dutch shell
SLB: schlumberger
HAL: halliburton
DVN: devon energy
ENPH: enphase | enphase energy
FSLR: first solar
NEE: nextera | nextera energy
DUK: duke energy
PLUG: plug power
RUN: sunrun
LNG: cheniere | cheniere energy
FCX: freeport mcmoran | freeport
NEM: newmont
GOLD: barrick gold | barrick
AA: alcoa
NUE: nucor
ALB: albemarle
O: realty income
AMT: american tower
PLD: prologis
T: at & t
VZ: verizon
TMUS: t mobile
CMCSA: comcast
CHTR: charter communications
WBD: warner bros discovery | warner bros
005930.KS: samsung | samsung electronics
"""

_FUNDS = """
SPY: spy | spdr s & p 500 | s & p 500 etf | s & p etf | spiders
VOO: voo | vanguard s & p 500
VTI: vti | vanguard total stock market | total stock market etf
QQQ: qqq | invesco qqq | nasdaq 100 etf | nasdaq etf | triple q | triple qs
IWM: iwm | russell 2000 etf | russell etf | small cap etf | ishares russell 2000
DIA: dia | dow etf | dow jones etf
TLT: tlt
GLD: gld | gold | gold etf
SLV: silver | silver etf
USO: crude oil | oil etf | crude oil etf
UNG: natural gas | nat gas | natural gas etf
CPER: copper
PPLT: platinum
PALL: palladium
GDX: gold miners | gold miners etf
GDXJ: junior gold miners
KRE: regional banks etf | regional bank etf
ARKK: arkk | ark innovation | ark innovation etf
"""

_INDICES = """
^GSPC: s & p 500 | s & p | sp 500 | spx | s & p 500 index
^IXIC: nasdaq | nasdaq composite
^NDX: nasdaq 100 | ndx
^DJI: dow jones | dow | djia | dow jones industrial average | dow 30 | dow industrials
^RUT: russell 2000 | russell
^VIX: vix | volatility index | cboe volatility index
^NSEI: nifty | nifty 50
^NSEBANK: bank nifty | banknifty
^BSESN: sensex
^FTSE: ftse | ftse 100
^GDAXI: dax
^N225: nikkei | nikkei 225
^FCHI: cac 40 | cac
^STOXX50E: euro stoxx 50 | eurostoxx 50 | stoxx 50 | euro stoxx
^HSI: hang seng
^AXJO: asx 200
^GSPTSE: tsx composite
^KS11: kospi
^IBEX: ibex 35 | ibex
000001.SS: shanghai composite
DX-Y.NYB: dollar index | us dollar index | dxy
"""

_COINS = """
BTC-USD: bitcoin | btc
ETH-USD: ethereum | ether | eth
SOL-USD: solana | sol
DOGE-USD: dogecoin | doge
ADA-USD: cardano | ada
XRP-USD: xrp | ripple
LTC-USD: litecoin | ltc
BNB-USD: bnb | binance coin
AVAX-USD: avax | avalanche
DOT-USD: polkadot
LINK-USD: chainlink
SHIB-USD: shib | shiba inu
TRX-USD: trx | tron
XLM-USD: xlm | stellar lumens
BCH-USD: bch | bitcoin cash
XMR-USD: xmr | monero
HBAR-USD: hbar | hedera
XTZ-USD: tezos
ETC-USD: ethereum classic
FIL-USD: filecoin
AAVE-USD: aave
ALGO-USD: algorand
"""

#: Pairs by their traders' names; only names that say which way the pair is quoted ("the yen",
#: "the loonie" are one currency: bought, the pair would be sold)
_CURRENCY_PAIRS = """
EURUSD=X: euro dollar | euro / dollar | fiber
GBPUSD=X: cable | pound dollar
AUDUSD=X: aussie | aussie dollar
NZDUSD=X: kiwi | kiwi dollar
USDJPY=X: dollar yen
USDCHF=X: swissy | dollar swiss
EURJPY=X: euro yen
GBPJPY=X: pound yen
EURGBP=X: euro pound
EURCHF=X: euro swiss
"""

#: Tickers typed in lower case in chat ("ema cross, 1h, btc", "$spy"): the ticker itself
_LOWERCASE_TICKERS = """
AAPL: aapl
MSFT: msft
GOOG: goog
GOOGL: googl
AMZN: amzn
TSLA: tsla
NVDA: nvda
NFLX: nflx
JPM: jpm
META: meta
AMD: amd
"""

NAMES: dict[str, str] = _table(
    _COMPANIES, _FUNDS, _INDICES, _COINS, _CURRENCY_PAIRS, _LOWERCASE_TICKERS
)

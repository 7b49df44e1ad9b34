"""Execution: running a bot, in the sandbox, and keeping what it did.

One module per job, in the order a run goes through them:

* :mod:`~engine.execution.executor`: :class:`BotExecutor`, the entry point (``execute_code`` for
  code held in memory, ``execute_bot`` for a file), recording every run before it starts;
* :mod:`~engine.execution.bot_source`: what a bot's code may contain, and reading a bot file;
* :mod:`~engine.execution.bot_kind`: strategy bot or script bot, told from the source;
* :mod:`~engine.execution.given_settings`: what a script bot does with settings it was given;
* :mod:`~engine.execution.market_data` and :mod:`~engine.execution.other_symbols`: the bars;
* :mod:`~engine.execution.slots`: the home's run slots, shared by every process;
* :mod:`~engine.execution.job`: the job directory handed to the child and read back from it;
* :mod:`~engine.execution.sandbox` (the warm, hardened child) and
  :mod:`~engine.execution.supervisor` (limits, outcomes, the plain child process);
* :mod:`~engine.execution.harness` (with :mod:`~engine.execution.analysis`): the code that runs
  inside the child, next to the bot;
* :mod:`~engine.execution.result`: :class:`BotExecutionResult` and how a run's outcome is told;
* :mod:`~engine.execution.result_files` and :mod:`~engine.execution.stored`: the result files,
  and the run as the store keeps it.

Nothing is imported here: the sandbox's zygote imports the harness alone.
"""

"""Neither a Strategy nor a script that prints results."""

x = 1 + 1
print("hello from a bot that reports nothing")

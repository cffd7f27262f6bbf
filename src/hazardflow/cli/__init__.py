"""The `hazardflow` command (`main`) and its demo: the public API from the shell.

May import everything below it (through the public API where it can); nothing imports it.
"""

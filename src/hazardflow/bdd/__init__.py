"""The reusable zh-CN step library, registered as the pytest plugin ``hazardflow`` (entry point pytest11).

Uses only the public API (`import hazardflow`); nothing in the package imports it.
"""

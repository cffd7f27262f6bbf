"""The reusable zh-CN step library, registered as the pytest plugin ``hazardflow`` (entry point pytest11)."""

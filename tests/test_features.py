"""Bind every scenario under features/ with pytest-bdd; the steps come from the hazardflow plugin."""

from pytest_bdd import scenarios

scenarios(".")

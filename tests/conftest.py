import libcst  # noqa: F401  before apptlint.cli defers it: hypothesmith imports libcst's submodules directly
import pytest
from click.testing import CliRunner

from apptlint.cli import main


@pytest.fixture
def cli():
    """Run `apptlint ARGS` in-process; returns the click Result."""
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run

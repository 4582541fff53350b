import io

from apptlint.core import progress


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_an_interactive_stderr_outside_ci(monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted(quiet=False)
    assert not progress.wanted(quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(quiet=False)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    monkeypatch.delenv("CI")
    assert not progress.wanted(quiet=False)


def test_bar_appears_after_the_delay_with_rate(monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr(progress, "SHOW_AFTER_SECONDS", 0.0)
    bar = progress.Progress(10, "files", enabled=True)
    for _ in range(10):
        bar.advance()
    bar.close()
    out = terminal.getvalue()
    assert "files" in out and "files/s" in out and "10/10" in out


def test_short_or_disabled_runs_draw_nothing(monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    quiet = progress.Progress(10, "files", enabled=False)
    fast = progress.Progress(10, "files", enabled=True)  # under a second: nothing drawn
    for _ in range(10):
        quiet.advance()
        fast.advance()
    quiet.close()
    fast.close()
    assert terminal.getvalue() == ""


def test_colour_respects_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert progress.colour_wanted(FakeTerminal())
    assert not progress.colour_wanted(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not progress.colour_wanted(FakeTerminal())

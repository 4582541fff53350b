from apptlint.cli import run

run()

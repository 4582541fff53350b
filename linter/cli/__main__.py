from apptlint.cli import main

main()

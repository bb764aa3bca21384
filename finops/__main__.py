from finops.cli import main

main()

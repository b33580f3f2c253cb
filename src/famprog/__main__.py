from famprog.cli import main

main()

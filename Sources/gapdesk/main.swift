import GapdeskCLI

GapdeskMain.main()

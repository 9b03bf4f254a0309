"""Sub-commands of the archiver command line, one module each."""

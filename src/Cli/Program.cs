// Placeholder entry point until the CLI commands land (twin, run, catalog).
return 2;

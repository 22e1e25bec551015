//! pyrite: the library behind the `pyrite` command (`run_file`, the subcommands).

"""``twenty-gql`` subcommands, one module each, each exposing ``main(argv) -> int``."""

"""``python -m bench NAME [options]`` runs one benchmark; ``python -m bench all`` runs all six.

The reliability scenarios of issue 8 run the same way, one command each, but are not part
of ``all``: ``python -m bench load`` (issue 19's mixed day, 60 users for 60 s;
``python -m bench load secretaries``: issue 8's 30 secretaries) and
``python -m bench faults [redis|worker|postgres]``.
"""

import argparse
import importlib
import sys

from bench.common import ALIASES, BENCHMARKS, EXTRA, SCENARIOS, emit, setup_django


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("name", choices=[*BENCHMARKS, *ALIASES, *SCENARIOS, *EXTRA, "all"])
    parser.add_argument(
        "which", nargs="*", help="faults: which scenarios (redis, worker, postgres; default all); load: secretaries"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="city scale (seed_city --scale)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, for a smoke run")
    parser.add_argument(
        "--users", type=int, default=None, help="load: simulated users (default 60; secretaries only: 30)"
    )
    parser.add_argument("--duration", type=float, default=None, help="load: seconds (default 60)")
    args = parser.parse_args(argv)
    setup_django()
    names = BENCHMARKS if args.name == "all" else [ALIASES.get(args.name, args.name)]
    failed = False
    for name in names:
        print(f"\n### {name}")
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            print(f"benchmark {name} is not available: {exc}")
            failed = True
            continue
        public = {module_name: alias for alias, module_name in ALIASES.items()}.get(name, name)
        figures = module.run(args)
        emit(public, figures)
        if figures.get("passed") is False:
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m normtrace.web --project P [--host H] [--port N]``: serve the workbench.

The same as ``normtrace serve``; used where a separate server process is wanted
without the full command line (load and crash tests).
"""

from __future__ import annotations

import argparse

import uvicorn

from normtrace.store.db import resolve_project_path
from normtrace.web.app import create_app


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and run uvicorn until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m normtrace.web")
    parser.add_argument("--project", default=None, help="project file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    app = create_app(resolve_project_path(args.project))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", workers=1)


if __name__ == "__main__":
    main()

"""Fixtures of the web tests (see web_support for what the project holds)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from web_support import ACCOUNTS, TestClient, build_project, session_for

from normtrace.web.access import ProjectAccess
from normtrace.web.app import create_app


@pytest.fixture(scope="session")
def template_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project, built once (argon2 hashing is slow on purpose)."""
    return build_project(tmp_path_factory.mktemp("web") / "template.db")


@pytest.fixture()
def project(template_project: Path, tmp_path: Path) -> Path:
    """A fresh copy of the fixture project for one test."""
    path = tmp_path / "web.db"
    shutil.copyfile(template_project, path)
    return path


@pytest.fixture()
def app(project: Path) -> Iterator[FastAPI]:
    """The workbench over the fixture project."""
    application = create_app(project, secret="test-secret")
    yield application
    application.state.access.close()


@pytest.fixture()
def clients(app: FastAPI) -> dict[str, TestClient]:
    """One signed-in client per account."""
    return {name: session_for(app, name) for name in ACCOUNTS}


@pytest.fixture()
def access(project: Path) -> Iterator[ProjectAccess]:
    """Direct access to the fixture project."""
    handle = ProjectAccess(project)
    yield handle
    handle.close()


@pytest.fixture()
def docs_img(tmp_path: Path) -> Path:
    """Where browser tests save their screenshots: ``docs/img`` of the checkout when
    ``NORMTRACE_DOCS_SCREENSHOTS=1`` (to refresh the documentation's figures), else a
    temporary folder, so a test run never changes tracked files."""
    if os.environ.get("NORMTRACE_DOCS_SCREENSHOTS") == "1":
        folder = Path(__file__).resolve().parents[2] / "docs" / "img"
    else:
        folder = tmp_path / "img"
    folder.mkdir(parents=True, exist_ok=True)
    return folder

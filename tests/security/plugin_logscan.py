"""A pytest plugin: every log record of the whole run is scanned for ID and mobile
numbers; the run fails if one is found (no personal data in log lines).

Registered in pyproject's ``addopts`` (``-p tests.security.plugin_logscan``) so it sees
every test directory, not only ``tests/security``. The handler is attached to the root
logger after Django has configured logging, and catches what reaches the root logger at
any level (so also what would be hidden by LOG_LEVEL).
"""

import logging

import pytest

from apps.core.masking import PII_PATTERN

FINDINGS: list[str] = []


class PersonalDataScanner(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call is not ours to judge here
            message = str(record.msg)
        if PII_PATTERN.search(message):
            FINDINGS.append(f"{record.name}: {message[:300]}")


SCANNER = PersonalDataScanner(level=logging.DEBUG)


def find_personal_data(text: str) -> list[str]:
    return PII_PATTERN.findall(text)


def _attach():
    root = logging.getLogger()
    if SCANNER not in root.handlers:
        root.addHandler(SCANNER)


def pytest_sessionstart(session):
    _attach()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # A test or fixture may reconfigure logging (dictConfig replaces root handlers).
    _attach()


def pytest_sessionfinish(session, exitstatus):
    if FINDINGS:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if FINDINGS:
        terminalreporter.section("personal data in log output", sep="!", red=True, bold=True)
        for line in FINDINGS[:50]:
            terminalreporter.line(line, red=True)
        terminalreporter.line(f"{len(FINDINGS)} log record(s) carry an ID or mobile number: the run fails.", red=True)

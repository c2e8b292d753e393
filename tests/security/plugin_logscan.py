"""A pytest plugin: every log record of the whole run is scanned for ID and mobile
numbers; the run fails if one is found (no personal data in log lines).

Registered in pyproject's ``addopts`` (``-p tests.security.plugin_logscan``) so it sees
every test directory, not only ``tests/security``. The handler is attached to the root
logger after Django has configured logging, and catches what reaches the root logger at
any level (so also what would be hidden by LOG_LEVEL). Under pytest-xdist each worker hands
its findings to the controller, which fails the run.
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
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        # An xdist worker: hand the findings to the controller, which fails the run.
        workeroutput["logscan_findings"] = list(FINDINGS)
        return
    if FINDINGS:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """xdist's controller: gather what each worker found."""
    FINDINGS.extend(getattr(node, "workeroutput", {}).get("logscan_findings", []))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if FINDINGS:
        terminalreporter.section("personal data in log output", sep="!", red=True, bold=True)
        for line in FINDINGS[:50]:
            terminalreporter.line(line, red=True)
        terminalreporter.line(f"{len(FINDINGS)} log record(s) carry an ID or mobile number: the run fails.", red=True)

"""What a user types wrong is said in one line naming the option, exit status 2: a date
that is in the form but no day, a range no day is in, --recheck-after without --recheck
or out of its range; a handle typed with spaces or an @ still finds its posts."""

import pytest
from click.testing import CliRunner

from archiver.cli import cli

from .conftest import SAMPLES


@pytest.fixture
def archive(tmp_path):
    """(Per test: X's endpoints are the sample server's only once conftest says so.)"""
    path = tmp_path / "archive.db"
    result = CliRunner().invoke(cli, ["archive", str(SAMPLES / "react-native-roundup.html"),
                                      "--db", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def said(*args):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


@pytest.mark.parametrize("option, value, why", [
    ("--date", "2025-02-30", "no such date (February 2025 has 28 days)"),
    ("--since", "2024-02-30", "no such date (February 2024 has 29 days)"),
    ("--until", "2025-13-01", "no such date (there is no month 13)"),
    ("--until", "2025-04-31", "no such date (April 2025 has 30 days)"),
    ("--date", "2025-2-3", "expected YYYY-MM-DD"),
    ("--since", "yesterday", "expected YYYY-MM-DD"),
])
def test_a_date_names_its_option_and_says_whether_it_is_no_day_or_not_the_form(
        archive, option, value, why):
    assert said("posts", option, value, "--db", archive) == (
        2, f"archiver: invalid {option} '{value}': {why}\n")


def test_verify_since_names_its_option_too(archive):
    assert said("verify", "--since", "2025-02-29", "--db", archive) == (
        2, "archiver: invalid --since '2025-02-29': no such date (February 2025 has 28 days)\n")


@pytest.mark.parametrize("args, line", [
    (["--since", "2025-10-13", "--until", "2025-10-01"],
     "--since 2025-10-13 is after --until 2025-10-01: no day is both"),
    (["--date", "2025-10-12", "--since", "2025-10-13"],
     "--since 2025-10-13 is after --date 2025-10-12: no day is both"),
    (["--date", "2025-10-12", "--until", "2025-10-11"],
     "--date 2025-10-12 is after --until 2025-10-11: no day is both"),
])
def test_a_range_no_day_is_in_is_refused_not_zero_posts(archive, args, line):
    assert said("posts", *args, "--db", archive) == (2, f"archiver: {line}\n")


def test_the_same_day_for_since_and_until_is_a_range(archive):
    result = CliRunner().invoke(cli, ["posts", "--since", "2023-03-31", "--until", "2023-03-31",
                                      "--db", archive])
    assert result.exit_code == 0 and result.stdout.endswith("1 post\n")


@pytest.mark.parametrize("handle", ["mattcarrollcode", " mattcarrollcode", "@mattcarrollcode ",
                                    " @MattCarrollCode", "\t@MATTCARROLLCODE\n"])
def test_a_handle_is_found_whatever_spaces_at_sign_or_case_surround_it(archive, handle):
    result = CliRunner().invoke(cli, ["posts", "--handle", handle, "--json", "--db", archive])
    assert result.exit_code == 0
    assert result.stdout.count('"handle": "mattcarrollcode"') == 2


def test_a_handle_of_nothing_but_spaces_and_an_at_sign_is_refused(archive):
    assert said("posts", "--handle", " @ ", "--db", archive) == (
        2, "archiver: --handle ' @ ' names no handle\n")


def test_recheck_after_without_recheck_is_said_not_ignored(archive):
    assert said("verify", "--recheck-after", "5", "--db", archive) == (
        2, "archiver: --recheck-after says when a post is due for --recheck: it needs "
           "--recheck\n")


@pytest.mark.parametrize("args, line", [
    (["verify", "--recheck", "--recheck-after", "-5"],
     "Invalid value for '--recheck-after': -5.0 is below its least value, 0 "
     "(see archiver verify --help)"),
    (["verify", "--recheck", "--recheck-after", "nan"],
     "Invalid value for '--recheck-after': nan is not a finite number "
     "(see archiver verify --help)"),
    (["archive", "x.html", "--host-delay", "-1"],
     "Invalid value for '--host-delay': -1.0 is below its least value, 0 "
     "(see archiver archive --help)"),
])
def test_an_options_value_out_of_range_names_the_option_not_the_setting(archive, args, line):
    assert said(*args, "--db", archive) == (2, f"archiver: {line}\n")


def test_the_same_value_from_the_environment_still_names_the_setting(archive, monkeypatch):
    monkeypatch.setenv("ARCHIVER_RECHECK_AFTER_HOURS", "-5")
    code, line = said("verify", "--recheck", "--db", archive)
    assert (code, line) == (2, "archiver: setting recheck_after_hours: -5.0 is below its "
                               "least value, 0\n")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("command", ["extract", "archive"])
def test_a_device_that_never_ends_is_read_to_the_cap_only(tmp_path, command, device):
    """A device's size is 0: read whole, /dev/zero filled memory until the process was
    killed. Read to the cap, it is over the cap, said in one line."""
    args = [command, device] + (["--db", str(tmp_path / "a.db")] if command == "archive" else [])
    status, stderr = said(*args)
    assert status == 1
    assert stderr.splitlines() == [f"archiver: {device}: over the 20971520-byte cap"]


@pytest.mark.parametrize("args, command", [(["posts", "--db"], "posts"),
                                           (["verify", "--since"], "verify"),
                                           (["archive", "--db"], "archive")])
def test_an_options_missing_value_names_the_commands_help(args, command):
    """Click's error for a value missing at the end of the line carries no context: it
    sent the user to `archiver --help` rather than the command's."""
    status, stderr = said(*args)
    assert status == 2
    assert stderr.splitlines() == [
        f"archiver: Option '{args[1]}' requires an argument (see archiver {command} --help)"]

"""Settings: defaults < TOML file < environment < options."""

import pytest

from archiver.errors import UsageError
from archiver.settings import Settings, load_settings


def test_defaults_point_at_x_and_refuse_private_addresses():
    settings = load_settings(env={})
    assert settings == Settings()
    assert settings.syndication_url == "https://cdn.syndication.twimg.com"
    assert settings.oembed_url == "https://publish.twitter.com"
    assert settings.allow_private is False and settings.use_fxtwitter is False


def test_layers_in_order(tmp_path):
    config = tmp_path / "archiver.toml"
    config.write_text('[archiver]\nhost_delay = 2.5\nworkers = 3\noembed_url = "http://file"\n')
    env = {"ARCHIVER_HOST_DELAY": "0.5", "ARCHIVER_X_OEMBED_URL": "http://env",
           "ARCHIVER_ALLOW_PRIVATE": "yes"}
    settings = load_settings(config, env=env, oembed_url="http://option", workers=None)
    assert settings.workers == 3  # file
    assert settings.host_delay == 0.5  # environment over file
    assert settings.oembed_url == "http://option"  # option over everything
    assert settings.allow_private is True


@pytest.mark.parametrize("env", [{"ARCHIVER_WORKERS": "many"}, {"ARCHIVER_ALLOW_PRIVATE": "maybe"}])
def test_bad_values_are_usage_errors(env):
    with pytest.raises(UsageError, match="cannot read"):
        load_settings(env=env)


def test_unreadable_config_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("this is = = not toml")
    with pytest.raises(UsageError, match="cannot read config"):
        load_settings(bad, env={})


@pytest.mark.parametrize("line, message", [
    ("db_path = 5", "setting db_path: 5 is not a string"),
    ('workers = "8"', "setting workers: '8' is not a whole number"),
    ("workers = 2.5", "setting workers: 2.5 is not a whole number"),
    ("allow_private = 1", "setting allow_private: 1 is not true or false"),
    ("workers = true", "setting workers: True is not a whole number"),
    ("workers = 0", "setting workers: 0 is below its least value, 1"),
    ("host_delay = -1", "setting host_delay: -1.0 is below its least value, 0"),
    ("timeout = 0", "setting timeout: 0.0 must be more than 0"),
    ("retries = -2", "setting retries: -2 is below its least value, 0"),
    ("recheck_share = 1.5", "setting recheck_share: 1.5 is above its greatest value, 1"),
    ("timeout = inf", "setting timeout: inf is not a finite number"),
])
def test_a_setting_of_the_wrong_type_or_range_is_named_with_what_it_expects(tmp_path, line,
                                                                           message):
    config = tmp_path / "archiver.toml"
    config.write_text(f"[archiver]\n{line}\n")
    with pytest.raises(UsageError) as error:
        load_settings(config, env={})
    assert str(error.value) == message


@pytest.mark.parametrize("env, message", [
    ({"ARCHIVER_WORKERS": "0"}, "setting workers: 0 is below its least value, 1"),
    ({"ARCHIVER_WORKERS": "9" * 30}, "setting workers: 9{30} is above its greatest value, 256"),
    ({"ARCHIVER_TIMEOUT": "-5"}, "setting timeout: -5.0 must be more than 0"),
])
def test_the_environment_and_options_are_checked_the_same_way(env, message):
    with pytest.raises(UsageError, match=message):
        load_settings(env=env)
    with pytest.raises(UsageError, match="setting workers: 0 is below"):
        load_settings(env={}, workers=0)


def test_an_unknown_setting_is_warned_about_with_the_nearest_name(tmp_path, caplog):
    config = tmp_path / "archiver.toml"
    config.write_text("[archiver]\nworkrs = 3\nhost_delay = 0.5\n")
    with caplog.at_level("WARNING", logger="archiver"):
        settings = load_settings(config, env={})
    assert settings.host_delay == 0.5 and settings.workers == Settings().workers
    assert [r.getMessage() for r in caplog.records] == [
        f"{config}: unknown setting 'workrs' ignored (did you mean 'workers'?)"]


def test_a_config_file_written_with_a_byte_order_mark_is_read(tmp_path):
    """Notepad and some Windows editors start a UTF-8 file with a byte-order mark."""
    config = tmp_path / "archiver.toml"
    config.write_bytes(b"\xef\xbb\xbf[archiver]\nhost_delay = 2.5\n")
    assert load_settings(config, env={}).host_delay == 2.5


def test_a_sources_file_written_with_a_byte_order_mark_is_read(tmp_path):
    from archiver.sources import load_sources

    path = tmp_path / "sources.toml"
    path.write_bytes(b'\xef\xbb\xbf[[source]]\nurl = "https://news.example/a.html"\n')
    assert [s.url for s in load_sources(path)] == ["https://news.example/a.html"]

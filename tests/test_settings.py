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

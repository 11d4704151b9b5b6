"""Pins for lib.data.config: behaviour mutmut found unpinned (issue 21).

The folders and files the settings name (defaults, ``~`` expanded, blank values), and the exact messages of
every unusable setting, which differ when the setting is unset (the default folder) or set.
"""

import os

import pytest

from lib.data import config
from lib.data.errors import SettingError

SET_REMEDY = "Set TBI_CACHE_DIR to a folder you can write to, or unset it to use the default {default}."
UNSET_REMEDY = "Make {default} writable, or set TBI_CACHE_DIR to a folder you can write to."


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A stand-in for the repository, so the default cache folder is created there and not in the book."""
    folder = tmp_path / "repo"
    folder.mkdir()
    monkeypatch.setattr(config, "ROOT", folder)
    return folder


# --------------------------------------------------------------------------- wiod2016_dir


def test_wiod2016_dir_argument_setting_or_none(home, tmp_path, monkeypatch):
    assert config.wiod2016_dir("~/w16") == home / "w16"
    assert config.wiod2016_dir(tmp_path) == tmp_path
    monkeypatch.delenv("TBI_WIOD2016_DIR", raising=False)
    assert config.wiod2016_dir() is None
    monkeypatch.setenv("TBI_WIOD2016_DIR", "")
    assert config.wiod2016_dir() is None  # an empty setting is no setting
    monkeypatch.setenv("TBI_WIOD2016_DIR", "  ")
    assert config.wiod2016_dir() is None, "nor is a blank one (not a folder named '  ')"
    monkeypatch.setenv("TBI_WIOD2016_DIR", "~/from-env")
    assert config.wiod2016_dir() == home / "from-env"
    assert config.wiod2016_dir(tmp_path) == tmp_path  # the argument wins over the setting


# --------------------------------------------------------------------------- cache_dir


def test_cache_dir_default_is_dot_cache_in_the_repository(root, monkeypatch):
    monkeypatch.delenv("TBI_CACHE_DIR")
    assert config.cache_dir() == root / ".cache" and (root / ".cache").is_dir()
    assert config.cache_dir() == root / ".cache"  # a second call finds it


def test_cache_dir_setting_is_created_with_its_parents_and_expanded(home, monkeypatch):
    monkeypatch.setenv("TBI_CACHE_DIR", "~/a/b/cache")
    assert config.cache_dir() == home / "a" / "b" / "cache" and (home / "a" / "b" / "cache").is_dir()
    assert config.cache_dir() == home / "a" / "b" / "cache"  # it exists now


@pytest.mark.parametrize("value", ["", "   "])
def test_cache_dir_empty_setting_message(value, root, monkeypatch):
    monkeypatch.setenv("TBI_CACHE_DIR", value)
    with pytest.raises(SettingError) as caught:
        config.cache_dir()
    remedy = SET_REMEDY.format(default=root / ".cache")
    assert str(caught.value) == f"TBI_CACHE_DIR is set but empty; expected the path of a folder. {remedy}"


def test_cache_dir_setting_naming_a_file_message(tmp_path, root, monkeypatch):
    (tmp_path / "f").write_text("x")
    monkeypatch.setenv("TBI_CACHE_DIR", str(tmp_path / "f"))
    with pytest.raises(SettingError) as caught:
        config.cache_dir()
    remedy = SET_REMEDY.format(default=root / ".cache")
    assert str(caught.value) == (
        f"TBI_CACHE_DIR={str(tmp_path / 'f')!r}: {tmp_path / 'f'} is a file; expected a folder for cached tables. "
        + remedy
    )


def test_default_cache_folder_that_is_a_file_message(root, monkeypatch):
    monkeypatch.delenv("TBI_CACHE_DIR")
    (root / ".cache").write_text("x")
    with pytest.raises(SettingError) as caught:
        config.cache_dir()
    default = root / ".cache"
    assert str(caught.value) == (
        f"the cache folder {default}: {default} is a file; expected a folder for cached tables. "
        + UNSET_REMEDY.format(default=default)
    )


def test_cache_dir_below_a_file_message(tmp_path, root, monkeypatch):
    """The reason is the system's short text (strerror), not the whole exception."""
    (tmp_path / "f").write_text("x")
    monkeypatch.setenv("TBI_CACHE_DIR", str(tmp_path / "f" / "sub"))
    with pytest.raises(SettingError) as caught:
        config.cache_dir()
    assert str(caught.value) == (
        f"TBI_CACHE_DIR={str(tmp_path / 'f' / 'sub')!r}: cannot create or write to {tmp_path / 'f' / 'sub'} "
        f"(NotADirectoryError: Not a directory); expected a writable folder. "
        + SET_REMEDY.format(default=root / ".cache")
    )


def test_cache_dir_in_a_folder_that_refuses_files(tmp_path, monkeypatch):
    """The folder exists but no file can be created in it: found by the probe, not left to the first write."""
    if os.geteuid() == 0:  # root ignores permission bits: use a folder no one can create files in
        folder = "/proc"
    else:
        folder = str(tmp_path / "read-only")
        os.mkdir(folder, 0o500)
    monkeypatch.setenv("TBI_CACHE_DIR", folder)
    with pytest.raises(SettingError) as caught:
        config.cache_dir()
    message = str(caught.value)
    assert message.startswith(f"TBI_CACHE_DIR={folder!r}: cannot create or write to {folder} (")
    assert "expected a writable folder. Set TBI_CACHE_DIR to a folder you can write to" in message


# --------------------------------------------------------------------------- user_config_dir


def test_user_config_dir(home, tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert config.user_config_dir() == home / ".config" / "tbi-book"
    monkeypatch.setenv("XDG_CONFIG_HOME", "  ")
    assert config.user_config_dir() == home / ".config" / "tbi-book"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config.user_config_dir() == tmp_path / "xdg" / "tbi-book"
    monkeypatch.setenv("XDG_CONFIG_HOME", "~/xdg")
    assert config.user_config_dir() == home / "xdg" / "tbi-book"


# --------------------------------------------------------------------------- wiod2016_sums_setting


def test_wiod2016_sums_setting(home, tmp_path, monkeypatch):
    monkeypatch.delenv("TBI_WIOD2016_SUMS", raising=False)
    assert config.wiod2016_sums_setting() is None
    monkeypatch.setenv("TBI_WIOD2016_SUMS", "~/sums/SHA256SUMS")
    assert config.wiod2016_sums_setting() == home / "sums" / "SHA256SUMS"  # need not exist yet


@pytest.mark.parametrize("value", ["", " "])
def test_wiod2016_sums_setting_empty_message(value, monkeypatch):
    monkeypatch.setenv("TBI_WIOD2016_SUMS", value)
    with pytest.raises(SettingError) as caught:
        config.wiod2016_sums_setting()
    assert str(caught.value) == (
        "TBI_WIOD2016_SUMS is set but empty; expected the path of a file. Set TBI_WIOD2016_SUMS to the path of a "
        "checksum file (it is created if missing), or unset it."
    )


def test_wiod2016_sums_setting_naming_a_folder_message(tmp_path, monkeypatch):
    monkeypatch.setenv("TBI_WIOD2016_SUMS", str(tmp_path))
    with pytest.raises(SettingError) as caught:
        config.wiod2016_sums_setting()
    assert str(caught.value) == (
        f"TBI_WIOD2016_SUMS={str(tmp_path)!r}: {tmp_path} is a folder; expected a file. Set TBI_WIOD2016_SUMS to "
        "the path of a checksum file (it is created if missing), or unset it."
    )


def test_tests_never_see_the_real_user_settings(tmp_path):
    """conftest points XDG_CONFIG_HOME at the test's own folder (a stale WIOD 2016 record in ~/.config/tbi-book once
    failed 14 tests of the synthetic 2016 files)."""
    assert config.user_config_dir() == tmp_path / "xdg" / "tbi-book"
    assert "TBI_WIOD2016_SUMS" not in os.environ

"""site.toml: defaults, validation, and refusal of unknown keys."""
from __future__ import annotations

from datetime import date

import pytest

from site_builder.config import ConfigError, load_config


def test_defaults_without_a_config_file(tmp_path):
    config = load_config(tmp_path / "site.toml")
    assert config.seeds_path == tmp_path.resolve() / "seeds"
    assert config.output_path == tmp_path.resolve() / "output"
    assert config.extract.reference_date is None


def test_values_are_read(tmp_path):
    (tmp_path / "site.toml").write_text(
        'title = "Arsip"\nlanguage = "id"\nper_page = 5\ngazetteer_dir = "places"\n'
        '[extract]\nreference_date = 2020-11-25\nscheduler = "tcp://10.0.0.5:8786"\n')
    config = load_config(tmp_path / "site.toml")
    assert (config.title, config.language, config.per_page) == ("Arsip", "id", 5)
    assert config.extract.reference_date == date(2020, 11, 25)
    assert config.extract.scheduler == "tcp://10.0.0.5:8786"
    assert config.gazetteer_path == tmp_path.resolve() / "places"


@pytest.mark.parametrize("text, problem", [
    ('titel = "x"\n', "unknown key(s) titel"),
    ('language = "fr"\n', "language must be one of"),
    ("per_page = 'ten'\n", "per_page must be a int"),
    ("[extract]\nreference_date = 'soon'\n", "reference_date must be a date"),
    ("[extract]\nscheduler = 8786\n", "extract.scheduler must be a string"),
    ("title = \n", "not valid TOML"),
])
def test_bad_config_is_named(tmp_path, text, problem):
    (tmp_path / "site.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "site.toml")
    assert str(caught.value).startswith(f"{tmp_path / 'site.toml'}: ")
    assert problem in str(caught.value)

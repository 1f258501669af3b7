"""A wrong instrument file is refused with a message naming the file, the part and the fault."""

import pytest

from joinedup.instruments import InstrumentError, load_instrument

from .builders import TINY

GOOD = TINY.format(method="mean", band_set="mean-bands")


def write(tmp_path, text, name="broken.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def refused(tmp_path, text) -> str:
    with pytest.raises(InstrumentError) as error:
        load_instrument(write(tmp_path, text))
    return str(error.value)


def test_the_good_file_loads(tmp_path):
    assert load_instrument(write(tmp_path, GOOD, "tiny.toml")).key == ("tiny", "1")


def test_an_item_naming_a_missing_scale_is_refused(tmp_path):
    text = GOOD.replace(
        'id = "b1"\nsection = "s2"\nscale = "agree"',
        'id = "b1"\nsection = "s2"\nscale = "agreement"',
    )
    message = refused(tmp_path, text)
    assert message.startswith("broken.toml: item 'b1': scale 'agreement' does not exist")


def test_an_item_with_no_scale_at_all_is_refused(tmp_path):
    text = GOOD.replace(
        'id = "b1"\nsection = "s2"\nscale = "agree"\n', 'id = "b1"\nsection = "s2"\n'
    )
    assert refused(tmp_path, text) == (
        "broken.toml: item 'b1': has no scale: give it `scale = \"...\"`."
    )


def test_a_duplicate_item_id_is_refused(tmp_path):
    text = GOOD.replace('id = "b2"', 'id = "b1"')
    assert refused(tmp_path, text) == "broken.toml: item 'b1': the item id is used twice."


def test_an_item_in_a_section_that_does_not_exist_is_refused(tmp_path):
    text = GOOD.replace('id = "b3"\nsection = "s2"', 'id = "b3"\nsection = "s3"')
    assert refused(tmp_path, text) == (
        "broken.toml: item 'b3': section 's3' does not exist (sections: ['s1', 's2'])."
    )


def test_a_section_with_no_items_is_refused(tmp_path):
    text = GOOD + '\n[[sections]]\nid = "s3"\ntitle = "Empty"\n'
    assert refused(tmp_path, text) == "broken.toml: section 's3': has no items."


def test_a_gap_between_bands_is_refused_with_the_scores_that_fall_through(tmp_path):
    text = GOOD.replace("lower = 2, upper = 3", "lower = 2, upper = 2.5")
    message = refused(tmp_path, text)
    assert message.startswith(
        "broken.toml: band set 'mean-bands' for section 's1': does not cover the scores 1 to 4:"
    )
    assert (
        "gap: scores from 2.5 to 3 fall in no band (between 'Needs attention' and "
        "'Area for celebration')" in message
    )


def test_overlapping_bands_are_refused_with_the_scores_in_both(tmp_path):
    text = GOOD.replace("lower = 1, upper = 2,", "lower = 1, upper = 2.5,")
    message = refused(tmp_path, text)
    assert (
        "overlap: scores from 2 to 2.5 fall in both 'In difficulty' and 'Needs attention'"
        in message
    )


def test_bands_that_stop_short_of_the_scale_are_refused(tmp_path):
    text = GOOD.replace("lower = 3, upper = 4", "lower = 3, upper = 3.5")
    message = refused(tmp_path, text)
    assert (
        "the highest band ends at 3.5, but scores reach 4 (scores from 3.5 to 4 fall in no "
        "band)" in message
    )


def test_total_scoring_checks_bands_against_the_range_of_totals(tmp_path):
    # Two items scored 1-4 total 2 to 8: bands over 1-4 do not cover it.
    text = GOOD.replace('method = "mean"', 'method = "total"')
    message = refused(tmp_path, text)
    assert "band set 'mean-bands' for section 's1': does not cover the scores 2 to 8" in message


def test_unknown_keys_are_refused_and_the_allowed_ones_listed(tmp_path):
    text = GOOD.replace('statement = "Fourth."', 'statement = "Fourth."\nweight = 2')
    message = refused(tmp_path, text)
    assert message.startswith("broken.toml: item 'b2': unknown key(s) ['weight']; allowed keys")


def test_unknown_top_level_keys_are_refused(tmp_path):
    message = refused(tmp_path, 'colour = "blue"\n' + GOOD)
    assert message.startswith("broken.toml: the file: unknown key(s) ['colour']")


def test_a_band_outside_the_known_areas_is_refused(tmp_path):
    text = GOOD.replace('area = "celebration"', 'area = "party"')
    message = refused(tmp_path, text)
    assert "broken.toml: band 'Area for celebration': area must be one of" in message


def test_a_scale_with_repeated_values_is_refused(tmp_path):
    text = GOOD.replace('{ value = 2, label = "Disagree" }', '{ value = 1, label = "Disagree" }')
    assert "broken.toml: scale 'agree': point values must rise with no repeats" in refused(
        tmp_path, text
    )


def test_a_section_mixing_scales_is_refused(tmp_path):
    text = GOOD.replace(
        "[[band_sets]]",
        '[[scales]]\nid = "yesno"\ntitle = "Yes?"\npoints = [{ value = 1, label = "No" }, '
        '{ value = 2, label = "Yes" }]\n\n[[band_sets]]',
        1,
    ).replace(
        'id = "a2"\nsection = "s1"\nscale = "agree"', 'id = "a2"\nsection = "s1"\nscale = "yesno"'
    )
    message = refused(tmp_path, text)
    assert "broken.toml: section 's1': mixes scales ['agree', 'yesno']" in message


def test_text_that_is_not_toml_is_refused(tmp_path):
    assert refused(tmp_path, "id = ").startswith("broken.toml: the file: is not valid TOML")


def test_missing_required_keys_are_named(tmp_path):
    text = GOOD.replace('licence = "Ours."\n', "")
    assert refused(tmp_path, text) == "broken.toml: the file: missing key(s) ['licence']."

import pytest

from moderation.redaction import detect, redact


def person_surfaces(text: str) -> list[str]:
    return [text[f.start : f.end] for f in detect([text])[0] if f.label == "PERSON"]


def redacted(text: str, **kwargs) -> str:
    return redact(text, detect([text], **kwargs)[0]).text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nurse Genoveva and I wrote every medication on paper.", "Genoveva"),
        ("My registrar, Dr. Okonkwo, spent a whole night on it.", "Okonkwo"),
        ("Later someone called Laetitia phoned back.", "Laetitia"),
        ("is 73 and does not use email. my wife éléonore waited nine hours.", "éléonore"),
        ("our daughter rocío was born during the attack, in the dark.", "rocío"),
        ("Thanks for listening.\nBest regards,\nBritt Hande", "Britt Hande"),
        ("I still have the voicemail.\n— Rena, Stuttgart", "Rena"),
        ("Caroline here, night-shift nurse on the cardiac ward.", "Caroline"),
    ],
)
def test_names_the_language_model_misses_are_found(text, name):
    assert name in person_surfaces(text)


def test_titles_stay_outside_the_name():
    assert person_surfaces("Then Dr. Marion Keller called.") == ["Marion Keller"]


def test_every_other_mention_of_a_name_is_redacted_in_any_case():
    text = "My surgeon was Ana Julia Souza. Later ana julia souza phoned, and Souza apologised."

    result = redacted(text)

    assert "Souza" not in result and "souza" not in result
    assert result.count("[PERSON 1]") == 2


def test_mentions_after_a_letter_that_lowers_to_two_are_found_where_they_stand():
    # "İ" lower-cases to two characters: a search in the lowered text must not shift what it finds.
    text = "İİİ İzmir. My name is Zorvath Quillam. Later zorvath quillam was called."

    result = redacted(text, model=None)

    assert result == "İİİ İzmir. My name is [PERSON 1]. Later [PERSON 1] was called."


def test_a_name_in_a_lowercase_text_is_found_through_the_name_lists():
    text = "my name is cristian arias and i was due to have my operation in may. cristian is still waiting."

    assert "cristian" not in redacted(text)


@pytest.mark.parametrize(
    "text",
    [
        "The Royal group encrypted everything and Play ransomware hit the lab a year later.",
        "It was claimed by Conti on the dark web.",
        "Medusa published our files, then Hive and Akira were blamed for the next one.",
        "LockBit 3.0 took responsibility for the attack.",
    ],
)
def test_threat_actors_are_kept(text):
    found = [f for f in detect([text])[0] if f.is_personal]

    assert found == []


def test_a_surname_shared_with_a_threat_actor_is_still_redacted():
    assert "Conti" not in redacted("My oncologist, Dr. Giulia Conti, was wonderful.")


@pytest.mark.parametrize(
    "text",
    [
        "They had to drive me to São Paulo for the operation.",
        "I have been a patient at Atlanta General Hospital in Atlanta for eleven years.",
        "The ambulance went to St. Louis instead.",
        "In April and June the waiting list grew.",
    ],
)
def test_places_and_months_are_not_taken_for_people(text):
    assert person_surfaces(text) == []


def test_the_authors_own_terms_are_removed_wherever_they_appear():
    text = "We lived on Rua das Acácias near the Bakery Lumière. The bakery  lumière owner helped."

    result = redacted(text, terms=[["Bakery Lumière", "rua das acácias"]])

    assert result == "We lived on [REMOVED 1] near the [REMOVED 2]. The [REMOVED 2] owner helped."


def test_a_one_letter_term_is_ignored_rather_than_removing_every_letter():
    assert redacted("I am a nurse.", terms=[["a"]]) == "I am a nurse."


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("You can reach me at 978.083.8480; please do not write.", "978.083.8480"),
        ("Call me on (784)592-0663x85268 in the evening.", "(784)592-0663x85268"),
        ("My mobile is +33 (0)7 21 22 21 52.", "+33 (0)7 21 22 21 52"),
        ("phone 617590940, email below", "617590940"),
    ],
)
def test_phone_numbers_in_many_shapes_are_redacted(text, phone):
    found = [text[f.start : f.end] for f in detect([text])[0] if f.label == "PHONE"]

    assert found == [phone]


@pytest.mark.parametrize(
    "text",
    [
        "I called the hotline on 04.06.2024 and nobody answered.",
        "It took until 02/03/2022 before the records were back.",
        "They asked for 4,000,000 dollars.",
        "The exploit was CVE-2019-19781 and it hit at 03:45.",
        "Ward 7 closed and 2300 patients waited.",
    ],
)
def test_dates_amounts_and_counts_are_not_phone_numbers(text):
    assert [f for f in detect([text])[0] if f.is_personal] == []


def test_a_large_batch_in_a_threaded_process_is_redacted_without_forking():
    """Forking beside other threads can deadlock the workers; the engine then works in-process."""
    import os
    import threading

    from moderation.redaction import engine

    for pool in engine._pools.values():
        pool.shutdown()
    engine._pools.clear()  # any parallel work would now have to fork new workers
    forks = []
    os.register_at_fork(before=lambda: forks.append("fork"))
    release = threading.Event()
    bystander = threading.Thread(target=release.wait)
    bystander.start()
    try:
        texts = ["Write to ana.lima@example.org today."] * engine.PARALLEL_MIN_TEXTS
        results = detect(texts)
    finally:
        release.set()
        bystander.join()

    assert forks == []
    assert len(results) == len(texts) and all(r[0].label == "EMAIL" for r in results)


def test_later_large_batches_still_use_every_core():
    """The pool's own manager thread must not send later batches back to a single process."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import moderation.redaction.engine as engine\n"
        "in_process = []\n"
        "run_here = engine._detect_here\n"
        "def counted(*args):\n"
        "    in_process.append(1)\n"
        "    return run_here(*args)\n"
        "engine._detect_here = counted\n"
        "texts = ['Write to ana.lima@example.org today.'] * engine.PARALLEL_MIN_TEXTS\n"
        "for _ in range(3):\n"
        "    engine.detect(texts)\n"
        "print(len(in_process))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env={"REDACTION_PROCESSES": "2", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )

    assert result.stdout.strip() == "0"


def test_a_surname_inside_a_threat_actors_name_is_the_actor():
    text = "My chemotherapy was cancelled after INC Ransom encrypted the servers. Mrs Claire Ransom phoned me."
    found = {text[f.start : f.end] for f in detect([text])[0] if f.label == "PERSON"}

    assert found == {"Claire Ransom"}

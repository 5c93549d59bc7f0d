"""What the first message already tells a protocol, and which protocol everyday openings choose."""
from __future__ import annotations

import pytest

from bot.triage import matcher
from bot.triage.engine import Decision, TriageState, answered_by_opening, next_step
from bot.triage.loader import load_all
from bot.triage.subject import Subject
from tests.support.triage_play import play_opening

PROTOCOLS = load_all()


@pytest.mark.parametrize(
    "protocol_id, opening, question_id, value",
    [
        ("ogonbesvar", "har fått blåsor i pannan och vid ögonlocket, bältros?", "baltros", "ja"),
        ("ogonbesvar", "har fatt blasor pa ogonlocket", "baltros", "ja"),
        ("ogonbesvar", "fått blåsor i pannan på ena sidan o det bränner, kan det vara bältros", "baltros", "ja"),
        ("ogonbesvar", "mitt öga är rött och kladdigt", "baltros", None),
        ("insektsstick_fastingbett", "hittade en fasting på min son igår", "typ", "fasting"),
        ("insektsstick_fastingbett", "min tjej har blivit myggbiten på armen", "typ", "stick"),
        ("insektsstick_fastingbett", "blev stucken av en geting", "typ", "stick"),
        ("insektsstick_fastingbett", "en fästing och sen en geting", "typ", None),
        ("insektsstick_fastingbett", "kliar efter bett", "typ", None),
        # burning when peeing: urine comes, so no urinary retention; frequency alone or any doubt keeps the question
        ("urinvagsbesvar", "det svider nar jag kissar o maste springa pa toa hela tiden", "kan_inte_kissa", "nej"),
        ("urinvagsbesvar", "dottern 4 år gnäller att det svider när hon kissar", "kan_inte_kissa", "nej"),
        ("urinvagsbesvar", "har sveda när jag kissar", "kan_inte_kissa", "nej"),
        ("urinvagsbesvar", "svider när jag kissar men nu kommer det inget", "kan_inte_kissa", None),
        ("urinvagsbesvar", "svider när jag kissar och blåsan känns full", "kan_inte_kissa", None),
        ("urinvagsbesvar", "svider när jag kissar, kommer bara lite i taget", "kan_inte_kissa", None),
        ("urinvagsbesvar", "jag kissar ofta men det kommer bara droppar", "kan_inte_kissa", None),
        ("urinvagsbesvar", "måste kissa hela tiden", "kan_inte_kissa", None),
        ("urinvagsbesvar", "jag kan inte kissa", "kan_inte_kissa", None),
        # one red, swollen area on a leg (rosfeber) is no allergic swelling of the face and no petechiae
        ("utslag_hud", "mitt ena ben har blivit alldeles rött och ömt sen igår", "svullnad", "nej"),
        ("utslag_hud", "pappa har fått ett rött svullet ben och feber", "bleknar_inte", "nej"),
        ("utslag_hud", "rött ben och svullen i ansiktet", "svullnad", None),
        ("utslag_hud", "rött ben och prickar på magen", "bleknar_inte", None),
        ("utslag_hud", "utslag över hela kroppen", "svullnad", None),
        # a cold and a red, swollen area round the eye: the infection may have reached the orbit (akut)
        ("bihalor", "dottern 8 år förkyld och nu är ena ögat svullet och rött runt om", "ogat", "ja"),
        ("bihalor", "täppt och ont i kinderna, svullet runt ögat", "ogat", "ja"),
        ("bihalor", "ont i kinderna sen en vecka", "ogat", None),
        # a kidney stone attack: pain in one side of the back that makes it hard to keep still (akut)
        ("ryggsmarta", "har fruktansvärt ont i sidan av ryggen, kan inte sitta still", "njursten", "ja"),
        ("ryggsmarta", "ont i ryggen sen i går", "njursten", None),
        # a twist on a stair is no high-energy trauma; a fall down the stairs, or a traffic accident, keeps the question
        ("stukning_skada", "vrickade foten i trappen igår, den ar lite svullen", "hogenergi", "nej"),
        ("stukning_skada", "stukade foten i trappan", "hogenergi", "nej"),
        ("stukning_skada", "föll i trappan och vrickade foten", "hogenergi", None),
        ("stukning_skada", "ramlade nerför trappan, foten är svullen", "hogenergi", None),
        ("stukning_skada", "vrickade foten när jag cyklade", "hogenergi", None),
        # blood seen in the urine: nothing about vomiting blood or black stool; any mention of them keeps the questions
        ("blod_urin_avforing", "kissade rott idag, det gor inte ont", "krakt_blod", "nej"),
        ("blod_urin_avforing", "blod i urinen sen igår", "svart", "nej"),
        ("blod_urin_avforing", "blod i urinen och har kräkts", "krakt_blod", None),
        ("blod_urin_avforing", "blod i urinen och i bajset", "svart", None),
        ("blod_urin_avforing", "blod i avföringen", "krakt_blod", None),
        ("blod_urin_avforing", "har sett blod på pappret när jag torkar mig", "krakt_blod", "nej"),
        ("blod_urin_avforing", "har sett blod på pappret när jag torkar mig", "var", "avforing"),
        ("blod_urin_avforing", "kissade rött i morse", "var", "urin"),
        ("blod_urin_avforing", "blod i bajset och i kisset", "var", None),
        # back pain of a month or more with nothing sudden named is no acute aortic event; anything acute keeps it
        ("ryggsmarta", "har haft ont i ländryggen i en månad nu o det blir inte bättre", "brost_buk", "nej"),
        ("ryggsmarta", "ont i ryggen i flera månader", "brost_buk", "nej"),
        ("ryggsmarta", "ont i ländryggen sen tre veckor, blir inte bättre", "brost_buk", "nej"),
        ("angest_nedstamdhet", "hej, jag mår så dåligt och orkar ingenting längre", "fokus", "nedstamdhet"),
        ("ogonbesvar", "hej min bebis 2 mån har kladd i ena ögat hela tiden", "fratande", "nej"),
        ("ogonbesvar", "varigt öga sen igår", "skada", "nej"),
        ("ogonbesvar", "fick in kalk i ögat och det är kladdigt", "fratande", None),
        ("angest_nedstamdhet", "orkar ingenting och har panikattacker", "fokus", None),
        ("ryggsmarta", "ont i ryggen sen två veckor, idag plötsligt mycket värre", "brost_buk", None),
        ("ryggsmarta", "fick ryggskott igår när jag lyfte en låda", "brost_buk", None),
        ("ryggsmarta", "ont i ryggen i en månad, idag plötsligt ont i magen", "brost_buk", None),
        ("ryggsmarta", "ont i ryggen i en månad, nu blek och kallsvettig", "brost_buk", None),
        ("ryggsmarta", "ont i ryggen i en vecka", "brost_buk", None),
        ("ryggsmarta", "ont i ryggen sen igår", "brost_buk", None),
    ],
)
def test_the_first_message_answers_a_question(protocol_id, opening, question_id, value):
    protocol = PROTOCOLS[protocol_id]
    state = answered_by_opening(protocol, TriageState(protocol_id, Subject(age_months=40 * 12)), opening)
    assert state.answers.get(question_id, {}).get("value") == value


def test_blisters_by_the_eye_are_never_self_care():
    protocol = PROTOCOLS["ogonbesvar"]
    state = answered_by_opening(protocol, TriageState("ogonbesvar", Subject(age_months=68 * 12)),
                                "blåsor i pannan och på ögonlocket")
    for question in protocol.questions:
        if question.type == "yes_no" and question.id not in state.answers:
            state.answers[question.id] = {"value": "nej", "text": "nej", "question": question.text}
    state.answers["varaktighet"] = {"value": 24.0, "text": "ett dygn", "question": "Hur länge?"}
    decision = next_step(protocol, state)
    assert isinstance(decision, Decision) and decision.urgency == "samma_dag" and decision.rule_id == "baltros_vid_ogat"


@pytest.mark.parametrize(
    "opening, protocol_id",
    [
        ("jag är förkyld sen tre dagar, snorig och lite ont i halsen", "forkylning"),
        ("jag ar forkyld och har ont i halsen", "forkylning"),
        ("ont i halsen och svårt att svälja", "halsont"),
        ("jag hostar fortfarande fast förkylningen var för en månad sen", "hosta"),
        ("min son 2 år drar i örat och gråter på nätterna", "oronvark"),
        ("jag har känt mig deppig i flera veckor", "angest_nedstamdhet"),
        ("min tjej har blivit myggbiten och det har svullnat", "insektsstick_fastingbett"),
        ("brände mig i solen igår, ryggen är knallröd", "solbranna"),
        ("jag är solbränd och det svider", "solbranna"),
        ("brände mig på spisen, blåsor på handen", "brannskada"),
        ("sonen skar sig på ett glas i handen, det gapar ganska mycket", "sar_blodning"),
        ("dottern 8 år förkyld och nu är ena ögat svullet och rött runt om", "bihalor"),
        ("ögonlocket är svullet och rött", "ogonbesvar"),
        ("mitt ena ben har blivit alldeles rött och ömt sen igår", "utslag_hud"),
        ("han skar sig själv med flit", "sjalvmordstankar"),
        ("skar mig i armen med flit", "sjalvmordstankar"),
        ("kissade rott idag, det gor inte ont", "blod_urin_avforing"),
        ("kisset är rött sen i morse", "blod_urin_avforing"),
        ("det svider när jag kissar", "urinvagsbesvar"),
        ("forkyld i 2 veckor o nu trycker det i kinderna o tanderna", "bihalor"),
        ("jag är förkyld och har tryck i kinderna", "bihalor"),
        # shingles in the forehead may reach the eye: the eye protocol (bältros vid ögat, same day); elsewhere: skin
        ("fått blåsor i pannan på ena sidan o det bränner, kan det vara bältros", "ogonbesvar"),
        ("har bältros i ansiktet", "ogonbesvar"),
        ("jag har bältros på magen", "utslag_hud"),
    ],
)
def test_everyday_openings_choose_their_protocol(opening, protocol_id):
    found = matcher.best(opening, PROTOCOLS.values())
    assert found is not None and found.protocol_id == protocol_id


@pytest.mark.parametrize(
    "replies, age, urgency",
    [
        ({"forvirrad": "nej", "allman": "nej", "blasor": "nej"}, 31 * 12, "egenvard"),
        ({"forvirrad": "nej", "allman": "nej", "blasor": "ja", "stora_blasor": "nej"}, 31 * 12, "egenvard"),
        ({"forvirrad": "nej", "allman": "nej", "blasor": "ja", "stora_blasor": "ja"}, 31 * 12, "samma_dag"),
        ({"forvirrad": "nej", "allman": "ja"}, 31 * 12, "samma_dag"),
        ({"forvirrad": "nej", "allman": "nej", "blasor": "nej"}, 8, "samma_dag"),
        ({"forvirrad": "ja"}, 31 * 12, "112"),
        ({"forvirrad": "nej", "allman": "vet_inte", "blasor": "nej"}, 31 * 12, "samma_dag"),
    ],
)
def test_sunburn(replies, age, urgency):
    protocol = PROTOCOLS["solbranna"]
    state = TriageState("solbranna", Subject(age_months=age))
    for _ in range(10):
        step = next_step(protocol, state)
        if isinstance(step, Decision):
            break
        value = replies[step.question.id]
        state.answers[step.question.id] = {"value": value, "text": value, "question": step.question.text}
    assert isinstance(step, Decision) and step.urgency == urgency


@pytest.mark.parametrize(
    "resa_sig, urgency",
    [("ja", "vardcentral"), ("nej", "samma_dag"), ("vet_inte", "samma_dag")],
)
def test_short_dizziness_on_standing_up_in_the_elderly_goes_to_the_health_centre(resa_sig, urgency):
    protocol = PROTOCOLS["yrsel"]
    answers = {"neuro": "nej", "hjarta": "nej", "svimmat": "nej", "kraftig": "nej", "huvud": "nej",
               "lagesyrsel": "nej", "resa_sig": resa_sig, "horsel": "nej", "varaktighet": 336.0 - 1}
    state = TriageState("yrsel", Subject(who="other", pronoun="hon", age_months=78 * 12))
    for _ in range(12):
        step = next_step(protocol, state)
        if isinstance(step, Decision):
            break
        value = answers[step.question.id]
        state.answers[step.question.id] = {"value": value, "text": str(value), "question": step.question.text}
    assert isinstance(step, Decision) and step.urgency == urgency


def _play(protocol_id: str, replies: dict[str, str], age_years: int = 36) -> tuple[str, list[str]]:
    """Answer each question by its id (a question not listed is answered "vet inte")."""
    from bot.triage.engine import answer, ask

    protocol = PROTOCOLS[protocol_id]
    state = TriageState(protocol_id, Subject(age_months=age_years * 12, who="self"))
    asked: list[str] = []
    for _ in range(20):
        step = next_step(protocol, state)
        if isinstance(step, Decision):
            return step.urgency, asked
        asked.append(step.question.id)
        state = ask(state, step)
        state, _ = answer(protocol, state, replies.get(step.question.id, "vet inte"))
    raise AssertionError("no decision")


_BACK_NO_FLAGS = {"brost_buk": "nej", "blasa_underliv": "nej", "svaghet_ben": "nej", "olycka": "nej", "feber": "nej",
                  "riskfaktor": "nej", "varaktighet": "två dagar"}


@pytest.mark.parametrize(
    "extra, urgency, lindras_asked",
    [
        ({"smarta": "5"}, "egenvard", False),
        ({"smarta": "vet inte", "lindras": "ja ipren hjälper en del"}, "egenvard", True),
        ({"smarta": "vet inte", "lindras": "nej", "njursten": "nej"}, "vardcentral", True),
        ({"smarta": "vet inte", "lindras": "vet inte", "njursten": "nej"}, "vardcentral", True),
        ({"smarta": "vet inte", "lindras": "nej", "njursten": "vet inte"}, "samma_dag", True),  # unsure: toward urgent
        ({"smarta": "9", "lindras": "ja"}, "vardcentral", True),  # very severe pain: vårdcentral even if relieved
        ({"smarta": "9", "lindras": "nej", "njursten": "ja"}, "akut", True),  # a kidney stone attack
    ],
)
def test_back_pain_without_a_score_is_self_care_when_painkillers_help(extra, urgency, lindras_asked):
    got, asked = _play("ryggsmarta", {**_BACK_NO_FLAGS, **extra})
    assert got == urgency and ("lindras" in asked) == lindras_asked


def _decide(protocol_id: str, replies: dict[str, str], age_months: int = 40 * 12):
    protocol = PROTOCOLS[protocol_id]
    state = TriageState(protocol_id, Subject(age_months=age_months))
    asked = []
    for _ in range(20):
        step = next_step(protocol, state)
        if isinstance(step, Decision):
            return step, asked
        asked.append(step.question.id)
        value = replies.get(step.question.id, "vet_inte")
        state.answers[step.question.id] = {"value": value, "text": value, "question": step.question.text}
    raise AssertionError("no decision")


@pytest.mark.parametrize(
    "replies, urgency, stroke_asked",
    [
        # stroke signs are asked only when vision changed suddenly; skipped, they count nej
        ({"fratande": "nej", "skada": "nej", "syn": "nej", "baltros": "nej", "svar_smarta": "nej",
          "ont_skaver": "ja"}, "samma_dag", False),
        ({"fratande": "nej", "skada": "nej", "syn": "nej", "baltros": "nej", "svar_smarta": "nej",
          "ont_skaver": "nej", "varaktighet": "24"}, "egenvard", False),
        ({"fratande": "nej", "skada": "nej", "syn": "ja", "stroke": "ja"}, "112", True),
        ({"fratande": "nej", "skada": "nej", "syn": "ja", "stroke": "nej"}, "akut", True),
        ({"fratande": "nej", "skada": "nej", "syn": "vet_inte", "stroke": "ja"}, "112", True),
        ({"fratande": "nej", "skada": "nej", "syn": "ja", "stroke": "vet_inte"}, "akut", True),
    ],
)
def test_eye_asks_stroke_signs_only_with_a_sudden_change_of_vision(replies, urgency, stroke_asked):
    replies = {k: (float(v) if k == "varaktighet" else v) for k, v in replies.items()}
    decision, asked = _decide("ogonbesvar", replies, 34 * 12)
    assert decision.urgency == urgency
    assert ("stroke" in asked) is stroke_asked


def test_general_sepsis_question_no_longer_bundles_fever():
    question = next(q for q in PROTOCOLS["mar_dalig_annat"].questions if q.id == "sepsis")
    assert "feber" not in question.text.lower() and "stel nacke" in question.text


@pytest.mark.parametrize(
    "sepsis, feber, urgency",
    [("ja", "nej", "112"), ("nej", "ja", "samma_dag"), ("vet_inte", "nej", "akut")],
)
def test_general_sepsis_signs_without_fever_still_call_112(sepsis, feber, urgency):
    replies = {"medvetande": "nej", "andning": "nej", "sepsis": sepsis, "snabbt_samre": "nej", "feber": feber,
               "riskgrupp": "nej", "dricka": "nej", "varaktighet": 100.0}
    decision, _ = _decide("mar_dalig_annat", replies, 40 * 12)
    assert decision.urgency == urgency


def test_a_red_flag_asked_positively_tells_the_channels_which_answer_alarms():
    from bot.triage import dialogue
    from bot.triage.engine import Ask

    protocol = PROTOCOLS["krakning_diarre"]
    question = next(q for q in protocol.questions if q.id == "dricker_inte")
    message = dialogue.question_message(Ask(question, question.text.replace("{du}", "du")), retry=False)
    assert question.alarming == "nej" and message.custom == {"question": {"id": "dricker_inte", "alarming": "nej"}}
    plain = next(q for q in protocol.questions if q.red_flag and q.alarming == "ja")
    assert dialogue.question_message(Ask(plain, plain.text), retry=False).custom is None


@pytest.mark.parametrize("tankar, forsok_asked", [("nej", False), ("ja", True), ("vet_inte", True)])
def test_a_suicide_attempt_is_asked_only_when_thoughts_or_self_harm_were_not_denied(tankar, forsok_asked):
    decision, asked = _decide("angest_nedstamdhet", {"tankar": tankar, "plan": "nej", "forsok": "nej"})
    assert ("forsok" in asked) is forsok_asked
    assert decision.urgency != "egenvard" or tankar == "nej"


@pytest.mark.parametrize(
    "replies, urgency",
    [
        ({"kanning": "ja"}, "egenvard"),  # a mild känning now, treated at home
        ({"kanning": "nej", "kanning_over": "ja"}, "egenvard"),  # one that already passed with sugar
        ({"kanning": "nej", "kanning_over": "nej"}, "vardcentral"),  # neither: no rule, the default
        ({"kanning": "nej", "kanning_over": "ja", "svar_kanning": "ja"}, "samma_dag"),
    ],
)
def test_a_kanning_that_passed_with_sugar_is_self_care(replies, urgency):
    replies = {"alder": "34", "gravid": "nej", **replies}
    assert play_opening("har typ 1 diabetes, fick en känning", "diabetes_blodsocker", replies)[1] == urgency


@pytest.mark.parametrize("age_months, asked", [(18, False), (5 * 12, False), (6 * 12, True), (40 * 12, True)])
def test_chest_pressure_is_not_asked_about_a_small_child_with_breathing_trouble(age_months, asked):
    _, questions = _decide("andningsbesvar", {}, age_months)
    assert ("brost" in questions) is asked


@pytest.mark.parametrize("age_months, asked", [(2, False), (18, False), (30, True), (40 * 12, True)])
def test_sudden_vision_change_is_not_asked_about_a_baby(age_months, asked):
    _, questions = _decide("ogonbesvar", {"fratande": "nej", "skada": "nej"}, age_months)
    assert ("syn" in questions) is asked

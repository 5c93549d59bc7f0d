"""Reading free-text answers: yes/no (also descriptive), numbers, durations, choices."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.triage.answers import DONT_KNOW, parse_answer
from bot.triage.model import Option, Question

NOW = datetime(2026, 11, 25, 12, 0)  # a Wednesday


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Har du feber?", "ja", "ja"), ("Har du feber?", "Japp!", "ja"), ("Har du feber?", "jo", "ja"),
        ("Har du feber?", "absolut", "ja"), ("Har du feber?", "visst", "ja"), ("Har du feber?", "ja lite", "ja"),
        ("Har du feber?", "nej", "nej"), ("Har du feber?", "nä", "nej"), ("Har du feber?", "nää", "nej"),
        ("Har du feber?", "inte direkt", "nej"), ("Har du feber?", "typ inte", "nej"),
        ("Har du feber?", "vet inte", DONT_KNOW), ("Har du feber?", "ingen aning", DONT_KNOW),
        ("Har du feber?", "kanske", DONT_KNOW), ("Har du feber?", "på knät, framsidan", None),
        # a "ja" about another place than the one asked about is asked again, never read as nej
        ("Har du blivit svullen i ansiktet, på läpparna eller på tungan?", "ja benet är svullet", None),
        ("Har du ont i bröstet?", "ja mitt i bröstet", "ja"),
        ("Är foten svullen?", "ja hela benet", "ja"),
        ("Har du domningar i armen?", "ja i handen", "ja"),
        ("Är du förvirrad eller svår att väcka?", "jag är trött men klar i huvudet", "nej"),
        ("Har hon svårt att andas?", "hon andas normalt", "nej"),
        ("Har han kräkts?", "mår lite illa, har inte kräkts", "nej"),
        ("Har du svårt att svälja?", "jag kan inte svälja", "ja"),
        ("Andas han snabbt?", "han andas snabbt tycker jag", "ja"),
        ("Kan hon dricka?", "hon vill inte dricka något alls", "nej"),
        ("Har du svårt att andas?", "jag har inte svårt att andas", None),
        ("Andas hon normalt?", "hon andas normalt", "ja"),
    ],
)
def test_yes_no(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "text, hours",
    [("typ tre dagar", 72), ("sen i måndags", 48), ("2 veckor", 336), ("30 min", 0.5), ("en vecka", 168),
     ("i morse", 6), ("igår", 24), ("ett par dagar", 48), ("3d", 72), ("5 timmar", 5), ("en halvtimme", 0.5),
     ("fyra dar", 96), ("vet inte", DONT_KNOW)],
)
def test_duration(text, hours):
    assert parse_answer(Question("q", "duration", "Hur länge?"), text, NOW) == hours


@pytest.mark.parametrize("text, value", [("39,5", 39.5), ("typ 40", 40), ("38 grader", 38), ("åtta", None), ("hög", None)])
def test_temperature(text, value):
    assert parse_answer(Question("q", "number", "Hur hög?", min=34, max=43), text) == value


@pytest.mark.parametrize("text, value", [("jätteont, 8", 8), ("åtta", 8), ("kanske en 6a", 6), ("11", None)])
def test_pain_score(text, value):
    assert parse_answer(Question("q", "number", "Hur ont?", min=0, max=10), text) == value


def test_choice_by_label_word_and_dont_know():
    q = Question("q", "choice", "Hur började det?", options=(Option("plotsligt", "Plötsligt"), Option("gradvis", "Gradvis, under dagar")))
    assert parse_answer(q, "Plötsligt") == "plotsligt"
    assert parse_answer(q, "det kom gradvis") == "gradvis"
    assert parse_answer(q, "vet inte") == DONT_KNOW
    assert parse_answer(q, "banan") is None


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Har hon svårt att andas, så att det drar in mellan revbenen?", "andas lugnt", "nej"),
        ("Är det så svårt att svälja att du inte kan svälja saliven?", "det gör ont att svälja men jag kan dricka och äta", "nej"),
        ("Mår han så dåligt att han inte orkar dricka?", "han leker nu, piggare efter alvedon", "nej"),
        ("Har du svårt att andas?", "ja det är tungt att andas", "ja"),
    ],
)
def test_descriptive_answers_seen_in_vignettes(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize("text, expected", [("37,8 ibland", "nej"), ("typ 38,5", "ja"), ("39", "ja"), ("nej", "nej")])
def test_a_temperature_answers_a_threshold_question(text, expected):
    assert parse_answer(Question("q", "yes_no", "Har du feber, 38 grader eller mer?"), text) == expected


@pytest.mark.parametrize(
    "question, text",
    [
        ("Mår han så dåligt att han inte orkar dricka?", "han dricker och åt frukost"),
        ("Mår du så dåligt att du knappt orkar stå upp, eller sover du nästan hela tiden?", "trött men klarar mig"),
        ("Mår du så dåligt att du inte orkar dricka?", "trott men jobbar"),  # overall condition is asked
        ("Är det svårt att få kontakt med henne?", "hon leker och svarar som vanligt"),
        ("Är det svårt att väcka henne eller få kontakt med henne?", "hon är lite gnällig men ler och jollrar"),
        ("Får {du} inte i {sig} något att dricka, eller kräks {du} upp allt som {du} dricker?",
         "jag får behålla det mesta, äter lite och ofta och dricker bra"),
        ("Kan {du} inte stödja på benet eller inte använda leden alls?", "jag kan gå men det gör ont i trappor"),
        ("Är du ovanligt slö, mycket tröttare och mer avtrubbad än vanligt?", "lite trött men inte yr"),
        ("Har du haft cancer, eller har du benskörhet?", "haft ryggskott förut, inga sjukdomar"),
        ("Är foten nedanför skadan kall, blek eller blåaktig, eller har du tappat känseln där?",
         "känner normalt och tårna är varma"),
        ("Har han fortfarande mycket ont trots att han har fått smärtstillande?", "gav alvedon, det hjälpte"),
        ("Har han plötsligt tappat mycket av hörseln på ena örat?", "han säger att det låter lite lock"),
        # "X men <clear reassurance>": a mild or unrelated first part, then the reassuring opposite
        ("Är hon svår att väcka, eller går det inte att få ordentlig kontakt med henne?",
         "ja hon grät mycket men går att trösta"),
        ("Har du feber och samtidigt stel nacke, eller prickar på huden som inte bleknar när man trycker ett glas mot dem?",
         "lite spänd i nacken men jag kan böja huvudet mot bröstet"),
        ("Är du ovanligt slö eller medtagen, mycket tröttare och mer avtrubbad än vanligt?", "jag är trött men klarar mig fint"),
        ("Har du feber och samtidigt stel nacke?", "ja feber men jag kan böja hakan mot bröstet"),
    ],
)
def test_a_clear_description_of_the_reassuring_opposite_reads_as_no(question, text):
    assert parse_answer(Question("q", "yes_no", question), text) == "nej"


@pytest.mark.parametrize(
    "question, text",
    [
        # doubtful, weak or undone reassurance stays unclear (asked again, then "vet inte")
        ("Mår han så dåligt att han inte orkar dricka?", "han dricker lite"),
        ("Mår han så dåligt att han inte orkar dricka?", "han dricker inte så mycket"),
        ("Mår han så dåligt att han inte orkar dricka?", "han dricker knappt"),
        ("Dricker hon så lite att hon kissar mycket mindre än vanligt?", "hon dricker men har inte kissat sen i morse"),
        ("Är det svårt att få kontakt med henne?", "hon leker inte"),
        ("Är det svårt att få kontakt med henne?", "hon ler ibland men är väldigt trött"),
        ("Är det svårt att väcka honom?", "han är slö men ler"),
        ("Mår du så dåligt att du knappt orkar stå upp?", "jobbar men orkar inte mycket"),
        ("Har hon fått prickar som inte bleknar när man trycker ett glas mot dem?", "hon leker"),
        ("Är du ovanligt slö, mycket tröttare än vanligt?", "lite trött men orkar inte gå upp"),
        ("Är du ovanligt slö, mycket tröttare än vanligt?", "jag är jättetrött men klarar mig"),
        ("Är det svårt att väcka honom?", "ja han är dåsig men går att väcka"),
        ("Har du feber och samtidigt stel nacke?", "ja stel nacke men jag kan böja huvudet"),
        ("Har du feber och samtidigt stel nacke?", "ja den är stel men jag kan böja huvudet lite"),
        ("Är du kissnödig men kan inte kissa alls?", "ja det svider och jag måste kissa jätteofta"),
        ("Är foten kall, blek eller blåaktig?", "varm men lite blå"),
        ("Är foten nedanför skadan kall, blek eller blåaktig, eller har du tappat känseln där?", "varm men domnad"),
        ("Mår han så dåligt att han inte orkar dricka?", "han dricker men kräks upp allt"),
        ("Mår han så dåligt att han inte orkar dricka?", "dricker bara om vi tvingar"),
        ("Mår han så dåligt att han inte orkar dricka?", "han åt frukost men har inte druckit sedan dess"),
        ("Mår han så dåligt att han inte orkar dricka?", "har inte kissat men dricker"),
        ("Är det svårt att väcka henne eller få kontakt med henne?", "hon ler men sover mest"),
        ("Är det svårt att väcka henne eller få kontakt med henne?", "pigg men svårväckt ibland"),
        ("Har hon svårt att andas?", "hon är pigg men andas snabbt"),
        ("Är du ovanligt slö, mycket tröttare och mer avtrubbad än vanligt?", "lite slö"),
        ("Har du haft cancer, eller har du benskörhet eller äter kortisontabletter?", "frisk annars men tar kortison"),
        ("Kan du inte stödja på benet alls?", "kan gå med kryckor"),
        ("Har han fortfarande mycket ont trots att han har fått smärtstillande?", "gav alvedon, det hjälpte inte"),
        ("Har han fortfarande mycket ont trots att han har fått smärtstillande?", "det hjälpte lite"),
        ("Har han plötsligt tappat mycket av hörseln på ena örat?", "det låter lite lock men han hör nästan inget"),
        ("Har han fortfarande mycket ont trots att han har fått smärtstillande?", "hjälpte en stund men nu gör det ont igen"),
        ("Är foten nedanför skadan kall, blek eller blåaktig?", "hon leker"),
        ("Är du ovanligt slö, mycket tröttare än vanligt?", "dricker som vanligt men har inte kissat på 10 timmar"),
        ("Dricker hon så lite att hon kissar mycket mindre än vanligt?", "kan gå med kryckor"),
    ],
)
def test_doubtful_descriptions_are_never_read_as_no(question, text):
    assert parse_answer(Question("q", "yes_no", question), text) in (None, "ja")


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Är du kissnödig men kan inte kissa alls?", "ja", "ja"),
        ("Är du kissnödig men kan inte kissa alls?", "ja jag kan inte kissa", "ja"),
        ("Har du svårt att andas?", "ja lite", "ja"),  # no strong degree asked: "lite" is still yes
        ("Har du mycket ont?", "ja lite", "ja"),  # an explicit "ja" wins over the mild degree
        ("Känns pulsen oregelbunden?", "känns som att det hoppar över ett slag", None),  # "känns" is no echo
        ("Är det svårt att väcka henne?", "hon leker som vanligt", "nej"),
        ("Har hon fått prickar som inte bleknar?", "hon leker som vanligt", None),  # says nothing about a rash
    ],
)
def test_a_plain_yes_stays_yes_and_generic_words_are_no_echo(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


def test_a_yes_that_contradicts_itself_is_asked_again():
    q = Question("q", "yes_no", "Är {du} kissnödig men kan inte kissa alls?")
    assert parse_answer(q, "ja det svider och jag måste kissa jätteofta") is None  # asked again, then "vet inte"
    assert parse_answer(q, "ja, det kommer inget fast jag är jättenödig") == "ja"


def test_an_answer_that_has_what_the_question_says_is_missing_is_no():
    q = Question("q", "yes_no", "Har {du} sovit väldigt lite flera nätter i rad utan att bli trött, och varit ovanligt uppvarvad?")
    assert parse_answer(q, "trött på dagarna, svårt att koncentrera mig") == "nej"
    assert parse_answer(q, "jag är inte trött alls") is None


def test_a_named_option_beats_something_else():
    q = Question("q", "choice", "Vad har hon svalt?", options=(
        Option("lakemedel", "Läkemedel eller tabletter"), Option("tval", "Tvål, schampo eller tandkräm"),
        Option("annat", "Något annat")))
    assert parse_answer(q, "något annat, tandkärm") == "tval"
    assert parse_answer(q, "något annat") == "annat"
    assert parse_answer(q, "Något annat") == "annat"


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Hostar du upp blod?", "lite vitt slem, inget blod", "nej"),
        ("Hostar du upp blod?", "lite blod ibland", "ja"),
        ("Har du svårt att andas just nu?", "lite tungt att andas men jag kan prata hela meningar", "ja"),
        ("Har du ont i halsen?", "lite", "ja"),
        ("Har du ont i halsen?", "lite grann", "ja"),
        ("Har du svårt att gapa, eller mer ont på ena sidan av halsen?", "lite hes, ingen svullnad på halsen", None),
    ],
)
def test_lite_is_yes_only_about_what_was_asked(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "question, text",
    [
        ("Kommer det mycket blod, eller slutar det inte blöda?", "har slutat äta"),
        ("Känner {du} att barnet rör sig mindre än vanligt, eller har rörelserna slutat?", "hon har slutat leka"),
        ("Är {du} kissnödig utan att kunna kissa alls?", "hon har inte kissat"),
        ("Är det osäkert om {du} klarar att låta bli att göra ett självmordsförsök?", "klarar mig inte"),
        ("Mår {du} så dåligt att {du} knappt orkar stå upp?", "inte så bra"),
        ("Har {du} kramper?", "han är pigg men har kramper"),
        ("Har {du} plötsligt tappat mycket av hörseln på ena örat?", "han hör nästan inget på det örat"),
    ],
)
def test_answers_that_once_read_as_no_on_red_flags_stay_unclear(question, text):
    assert parse_answer(Question("q", "yes_no", question), text) in (None, "ja")


@pytest.mark.parametrize(
    "question, text",
    [
        ("Mår {du} så dåligt att {du} knappt orkar stå upp, eller är {du} förvirrad?", "jag är yr och skakig, orkar knappt stå"),
        ("Känner {du} att barnet rör sig mindre än vanligt?", "ja hon rör sig mindre"),
        ("Känner {du} att barnet rör sig mindre än vanligt?", "hon rör sig mindre än igår"),
        ("Är {du} kissnödig utan att kunna kissa alls?", "jag är jättekissnödig men kan inte kissa"),
        ("Är {du} kissnödig utan att kunna kissa alls?", "kan inte kissa"),
        ("Mår {du} så dåligt att {du} knappt orkar stå upp, eller är {du} förvirrad?", "hon är förvirrad"),
        ("Kommer det inget kiss alls, fast {du} är mycket kissnödig?", "det kommer inget fast jag är jättenödig"),
        ("Kan {du} inte stödja på benet alls?", "jag kan inte stå på foten"),
        ("Har {du} svårt att andas?", "hon andas jättetungt"),
        ("Får {du} inte i {sig} något att dricka, eller kräks {du} upp allt som {du} dricker?", "hon kräks upp allt"),
    ],
)
def test_a_clear_yes_in_words_stays_yes(question, text):
    assert parse_answer(Question("q", "yes_no", question), text) == "ja"


@pytest.mark.parametrize(
    "question, text",
    [
        ("Kan du inte stödja på benet alls, eller inte använda armen eller handen?", "ja jag kan gå på den, haltar lite men går"),
        ("Kan du inte stödja på benet eller inte använda leden alls?", "ja jag kan gå helt normalt"),
        ("Kan du inte stödja på benet eller inte använda leden alls?", "jo jag kan gå"),
        ("Gör det så ont att du inte kan dricka något alls?", "ja jag äter och dricker som vanligt"),
        ("Mår han så dåligt att han inte orkar dricka?", "ja han äter och dricker som vanligt"),
        ("Kommer det inget kiss alls, fast hon är mycket kissnödig och blåsan känns full?", "ja hon har kissat flera gånger idag"),
        ("Kommer det inget kiss alls, fast du är mycket kissnödig och blåsan känns full?", "det kommer kiss men det svider"),
        ("Kommer det inget kiss alls, fast hon är mycket kissnödig och blåsan känns full?", "hon har kissat flera gånger idag"),
        # a question about a difficulty is negative in meaning too
        ("Är det svårt att väcka henne eller få kontakt med henne?", "ja hon leker och ler, mest när febern gått ner"),
        ("Är han svår att väcka?", "ja han leker"),
        ("Är det svårt att få kontakt med honom?", "jo han svarar som vanligt"),
    ],
)
def test_a_yes_to_a_negated_question_followed_by_the_clear_opposite_is_no(question, text):
    assert parse_answer(Question("q", "yes_no", question), text) == "nej"


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Kan du inte stödja på benet alls?", "ja", "ja"),
        ("Kan du inte stödja på benet alls?", "ja jag kan inte gå", "ja"),
        ("Kan du inte stödja på benet alls?", "ja jag kan gå med kryckor", "ja"),
        ("Kan du inte stödja på benet alls?", "ja jag kan knappt gå", "ja"),
        ("Gör det så ont att du inte kan dricka något alls?", "ja jag dricker knappt", "ja"),
        ("Kommer det inget kiss alls, fast du är mycket kissnödig?", "ja det kommer inget", "ja"),
        ("Kommer det inget kiss alls, fast du är mycket kissnödig?", "ja det kommer bara droppar", "ja"),
        ("Kommer det inget kiss alls, fast du är mycket kissnödig?", "det kommer bara droppar", "ja"),
        ("Är det svårt att väcka henne eller få kontakt med henne?", "ja hon ler när hon väl vaknar", "ja"),
        ("Är det svårt att väcka henne eller få kontakt med henne?", "ja hon är trött men ler", "ja"),
        ("Är det svårt att väcka henne eller få kontakt med henne?", "ja hon leker inte", "ja"),
        ("Är det svårt att väcka henne eller få kontakt med henne?", "ja hon sover mest", "ja"),
        ("Är det svårt att väcka henne eller få kontakt med henne?", "ja", "ja"),
        ("Har du svårt att andas?", "ja jag kan andas", "ja"),
        ("Har du svårt att svälja?", "ja jag kan svälja vatten", "ja"),
        ("Har hon svårt att andas?", "ja hon leker", "ja"),
    ],
)
def test_a_yes_to_a_negated_question_stays_yes_unless_the_opposite_is_clear(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "question, text",
    [
        ("Har du fått blåsor eller ett utslag som bränner i pannan, på ögonlocket eller på näsan?",
         "ögonlocket är lite svullet men själva ögat är inte rött"),
        ("Har du fått något frätande eller en kemikalie i ögat?", "ögonlocket är lite svullet men ögat är inte rött"),
        ("Har du ont i bröstet?", "jag har tryck i bröstet, men inte ont i armen"),
    ],
)
def test_a_negation_about_something_else_is_no_denial(question, text):
    assert parse_answer(Question("q", "yes_no", question), text) is None


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Blev du först bättre och sedan sämre igen, till exempel med ny feber?", "känns lite bättre idag", "nej"),
        ("Blev du först bättre och sedan sämre igen?", "det blir bättre för varje dag", "nej"),
        ("Blev du först bättre och sedan sämre igen?", "blev bättre men nu sämre igen", "ja"),
        ("Blev du först bättre och sedan sämre igen?", "bättre men febern kom tillbaka", "ja"),
        ("Blev du först bättre och sedan sämre igen?", "inte bättre", "nej"),
        ("Blev du först bättre och sedan sämre igen?", "lite bättre kanske", DONT_KNOW),
        ("Har du kissat mycket mindre än vanligt, eller inte alls på 8 timmar?", "kissar som vanligt, ljust kiss", "nej"),
        ("Har du kissat mycket mindre än vanligt, eller inte alls på 8 timmar?", "kissar som vanligt men mörkt kiss", None),
        ("Har du kissat mycket mindre än vanligt, eller inte alls på 8 timmar?", "har kissat lite", None),
    ],
)
def test_better_now_and_normal_peeing(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize("text, hours", [("tre daagr", 72), ("tre dgaar", 72), ("två veckro", 336), ("3 timmra", 3)])
def test_a_swapped_letter_in_a_time_unit_is_still_read(text, hours):
    assert parse_answer(Question("d", "duration", "Hur länge?"), text, NOW) == hours


@pytest.mark.parametrize(
    "question, text, expected",
    [
        # a mild degree of pain ("lite kramper", "lite ont") is no "svårt ont"; a denial of pain agrees
        ("Har du svårt ont i magen hela tiden, så att det inte släpper ens mellan kräkningarna eller diarréerna?",
         "lite kramper innan diarrén, annars inte ont", "nej"),
        ("Har du svårt ont i magen hela tiden?", "lite ont", "nej"),
        ("Har du kraftig smärta i ryggen?", "lite värk men går att gå", "nej"),
        # … but not when it lasts, grows or is not said to be mild about pain asked in strong words
        ("Har du svårt ont i magen hela tiden?", "lite kramper hela tiden", None),
        ("Har du svårt ont i magen hela tiden?", "lite kramper men det släpper inte", None),
        ("Har du svårt ont i magen hela tiden?", "lite ont, men nu värre", "ja"),
        ("Har du ont i magen?", "lite ont", "ja"),
        ("Har han mycket kramper?", "lite kramper", "ja"),  # seizures, not pain
        ("Har du haft kramper eller ryckningar?", "lite kramper", "ja"),
    ],
)
def test_a_mild_degree_of_pain_to_a_question_about_severe_pain(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ja som vanligt, ljust kiss", "nej"),
        ("ja ljust kiss som vanligt", "nej"),
        ("ja mindre än vanligt, ljust kiss", "ja"),
        ("ja som vanligt", "ja"),
        ("ja hon dricker som vanligt men kissar mindre", "ja"),
    ],
)
def test_som_vanligt_next_to_a_reassuring_sign_is_no_echo_of_the_question(text, expected):
    question = "Har du kissat mycket mindre än vanligt, eller inte alls på 8 timmar? För små barn: har blöjorna varit torra?"
    assert parse_answer(Question("q", "yes_no", question), text) == expected


POSITIVE = Question(id="dricker", type="yes_no", text="Dricker {du} ungefär som vanligt?", red_flag=True,
                    alarming="nej")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ja", "ja"), ("japp", "ja"), ("ja hon dricker bra", "ja"), ("hon dricker bra, välling och vatten", "ja"),
        ("nej", "nej"), ("hon dricker inte", "nej"), ("inte så bra", "nej"),
        ("hon dricker mindre än vanligt", "nej"), ("hon dricker bara lite", "nej"),  # less is the red-flag side
        ("ja lite", None), ("lite", None), ("hmm", None),  # asked again
        ("nej jag dricker som vanligt", "ja"),  # the description decides over a stray leading word
        ("vet inte", DONT_KNOW),
    ],
)
def test_a_red_flag_asked_positively_is_ruled_out_only_by_a_clear_yes(text, expected):
    assert parse_answer(POSITIVE, text) == expected


def positive(text: str) -> Question:
    return Question(id="q", type="yes_no", text=text, red_flag=True, alarming="nej")


KEEPS_IT = "Kan {du} dricka och behålla det, utan att kräkas upp allt?"
STANDS = "Kan {du} stödja på benet och använda leden, även om det gör ont?"


@pytest.mark.parametrize(
    "question, text, expected",
    [
        (KEEPS_IT, "hon dricker men kräks upp allt", "nej"),  # names what must not happen
        (KEEPS_IT, "hon har inte kräkts sen i natt och dricker", "ja"),  # denies it, and drinks
        (KEEPS_IT, "jag behåller det mesta och dricker bra", "ja"), (KEEPS_IT, "nej hon kräks", "nej"),
        (STANDS, "jag kan gå men det gör ont i trappor", "ja"), (STANDS, "ja jag kan gå, haltar lite", "ja"),
        (STANDS, "jag kan inte stå på den", "nej"), (STANDS, "nej det går inte", "nej"), (STANDS, "det gör ont", None),
    ],
)
def test_positive_questions_read_by_what_the_answer_describes(question, text, expected):
    assert parse_answer(positive(question), text) == expected


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Är området med blåsor större än hennes egen handflata?",
         "större än hennes handflata, kanske som tre av hennes händer", "ja"),
        ("Har du svårt att andas?", "kanske svårt att andas", "ja"),
        ("Har du svårt att andas?", "kanske lite", DONT_KNOW),
        ("Har du svårt att andas?", "kanske inte", DONT_KNOW),  # a hedged "nej" stays unsure
        ("Har du svårt att andas?", "kanske", DONT_KNOW),
        ("Har du svårt att andas?", "vet inte, kanske", DONT_KNOW),
    ],
)
def test_a_hedge_only_ever_moves_an_answer_toward_the_alarming_side(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "question, text, expected",
    [
        ("Kan du dricka och behålla det, utan att kräkas upp allt?", "hon vägrar dricka", "nej"),
        ("Kan du dricka och behålla det, utan att kräkas upp allt?", "slutat dricka", "nej"),
        ("Orkar du vara uppe en stund och dricka ungefär som vanligt?", "hon vägrar dricka och ligger bara", "nej"),
        ("Kissar hon ungefär som vanligt? För ett litet barn: blir det kissblöjor som vanligt?", "blöjorna är torra", "nej"),
        ("Kissar hon ungefär som vanligt? För ett litet barn: blir det kissblöjor som vanligt?",
         "ja hon dricker bra men blöjan är torr", None),
        ("Kissar hon ungefär som vanligt?", "ja men mindre än vanligt", None),
        ("Kan han böja och sträcka alla fingrar och tår som vanligt?", "kan böja alla utom pekfingret", "nej"),
        ("Kan han böja och sträcka alla fingrar och tår som vanligt?", "ja lillfingret går inte att böja", None),
        ("Kan han böja och sträcka alla fingrar och tår som vanligt?", "ja han kan böja och sträcka alla fingrar", "ja"),
    ],
)
def test_refusing_drying_and_exceptions_are_never_read_as_the_reassuring_yes(question, text, expected):
    asked_positively = Question("q", "yes_no", question, red_flag=True, alarming="nej")
    assert parse_answer(asked_positively, text) == expected


@pytest.mark.parametrize(
    "question, text, expected",
    [
        # a swapped, missing or extra letter in a word the question used reads as that word
        ("Är det så svårt att svälja att du inte ens kan svälja saliven?", "ja jag kan savlja saliv", "nej"),
        ("Är det så svårt att svälja att du inte ens kan svälja saliven?", "ja jag kan svälja saliv", "nej"),
        ("Kan han stödja på benet?", "nej han kan inte stodja pa det", "nej"),
        ("Kan du stödja på benet?", "jag kan inte sötdja på det", "nej"),
        ("Har du svårt att andas?", "jag kan inte andass", "ja"),
    ],
)
def test_a_slip_in_a_word_of_the_question_reads_as_that_word(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "typed, meant, slip",
    [("savlja", "svalja", True), ("svalj", "svalja", True), ("andass", "andas", True),
     ("kissat", "kissar", False), ("svalja", "svalja", False), ("svlaja", "svalja", True), ("sva", "svalja", False)],
)
def test_one_slip(typed, meant, slip):
    from bot.triage.respell import _one_slip

    assert _one_slip(typed, meant) is slip


def test_a_shared_quantity_word_is_no_echo_of_the_question():
    question = ("Har du sovit väldigt lite flera nätter i rad utan att bli trött, och samtidigt varit ovanligt "
                "uppvarvad, rastlös eller full av energi?")
    assert parse_answer(Question("q", "yes_no", question), "det tar 1-2 timmar att somna och jag vaknar flera gånger") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("det blödde mycket först men slutade när jag tryckte i 10 minuter", "nej"),
        ("det blödde men har slutat", "nej"),
        ("det blödde mycket men slutade, nu blöder det igen", None),
        ("det slutade men han är blek", None),
        ("det blöder fortfarande mycket", "ja"),
    ],
)
def test_a_bleeding_that_stopped_is_no_heavy_bleeding_now(text, expected):
    question = "Blöder det kraftigt eller sprutar det blod, eller är du blek, kallsvettig eller nära att svimma?"
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "question, text, expected",
    [
        # a size beyond the question's limit is a yes; a smaller one says nothing about the rest of the question
        ("Har det kommit en rodnad som växer och nu är större än 5 cm, eller som ser ut som en ring?",
         "unegfär 7 cm och den har växt de senaste dagarna", "ja"),
        ("Har det kommit en rodnad som växer och nu är större än 5 cm, eller som ser ut som en ring?", "ungefär 3 cm", None),
        # naming only the place where the sign would be ("huden runt bettet") is no yes
        ("Blir huden runt bettet eller sticket allt rödare, varmare och ömmare?",
         "bettet var för ungefär tio dagar sen, ringen kom för tre dagar sen", None),
        ("Blir huden runt bettet eller sticket allt rödare, varmare och ömmare?", "huden runt bettet blir rödare", "ja"),
    ],
)
def test_sizes_and_places(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ja han går och rör foten som vanligt och säger att det känns", None),  # normal, but about something else
        ("ja han har tappat känseln, annars som vanligt", "ja"),
        ("ja som vanligt", "ja"),
        ("ja", "ja"),
    ],
)
def test_a_yes_followed_only_by_something_else_being_normal_is_asked_again(text, expected):
    question = "Har han tappat känseln, eller känns det domnat, någonstans nedanför såret?"
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("lite ont när jag sväljer men jag kan äta", "nej"), ("lite ont på ena sidan hela tiden", "ja"),
     ("ja mycket mer ont på höger sida", "ja")],
)
def test_a_mild_pain_to_much_more_pain_on_one_side(text, expected):
    question = "Har du svårt att gapa, eller gör det mycket mer ont på ena sidan av halsen?"
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "question, text, expected",
    [
        # a "nej" that answers one alternative, followed by another thing asked, is no denial
        ("Har du ont i bröstet eller svårt att andas?", "nej men jag har svårt att andas", "ja"),
        ("Har du ont i bröstet eller svårt att andas?", "inte ont i bröstet men svårt att andas", "ja"),
        ("Har du ont i bröstet eller svårt att andas?", "nej inte ont i bröstet men jag kan inte andas", "ja"),
        ("Har du ont i bröstet eller svårt att andas?", "nej men jag kan andas", "nej"),
        ("Har du ont i bröstet eller svårt att andas?", "nej men lite ont i halsen", "nej"),
        ("Har du ont i bröstet eller svårt att andas?", "nej men jag andas normalt", "nej"),
        ("Har han svårt att andas?", "nej men han andas snabbt", None),  # no alternatives: asked again
        ("Blev hon stucken i munnen eller i halsen, eller fick hon många stick på en gång?", "på handryggen, inte i munnen", "nej"),
    ],
)
def test_a_no_followed_by_something_else_asked(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("det kliar bara runt sticket, inga utslag på kroppen", "nej"), ("nej bara vid sticket", "nej"),
     ("bara runt sticket men nu prickar på magen", "ja")],
)
def test_a_sign_only_where_the_sting_is_is_no_sign_elsewhere(text, expected):
    question = "Har du fått nässelutslag, klåda eller svullnad på andra ställen på kroppen än där sticket sitter?"
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("det höll på i ungefär tio minuter", "nej"), ("i en halvtimme", "ja"), ("det blöder fortfarande efter 25 min", "ja"),
     ("nej", "nej")],
)
def test_a_duration_against_the_question_s_limit(text, expected):
    question = "Har näsan blött i mer än 20 minuter, trots att du har klämt ihop den ordentligt hela tiden?"
    assert parse_answer(Question("q", "yes_no", question), text) == expected


def test_a_duration_does_not_answer_a_question_with_other_alternatives():
    question = "Har du ont i bröstet som har suttit i mer än 15 minuter, eller som strålar ut mot armen?"
    assert parse_answer(Question("q", "yes_no", question), "i fem minuter") is None


@pytest.mark.parametrize(
    "question, text, expected",
    [
        # the sign is that something is missing; the answer says it is there
        ("Har du sovit väldigt lite flera nätter i rad utan att bli trött?", "lite trött på dagen men jag klarar plugget", "nej"),
        ("Har du sovit väldigt lite flera nätter i rad utan att bli trött?", "ja utan att bli trött", "ja"),
        # a "ja" that only repeats the scene the question sets
        ("Är han blek, kallsvettig, yr eller nära att svimma samtidigt som han har ont i magen?",
         "ja han klagar på ont i magen ibland", None),
        ("Är han blek, kallsvettig, yr eller nära att svimma samtidigt som han har ont i magen?", "ja han är blek", "ja"),
        ("Är han blek, kallsvettig, yr eller nära att svimma samtidigt som han har ont i magen?",
         "han klagar på ont i magen ibland", None),
        # another colour is another thing
        ("Ser du många nya svarta prickar?", "röda prickar med små vätskefyllda blåsor", None),
        ("Ser du många nya svarta prickar?", "ja massa svarta prickar", "ja"),
    ],
)
def test_what_is_missing_the_setting_and_colours(question, text, expected):
    assert parse_answer(Question("q", "yes_no", question), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("lite tryck i pannan", "nej"), ("lite huvudvärk", "nej"), ("lite ont i huvudet men stel nacke", "ja"),
     ("lite ont i huvudet och förvirrad", "ja")],
)
def test_a_mild_headache_to_a_question_about_a_very_severe_one(text, expected):
    question = "Har du mycket kraftig huvudvärk, stel nacke eller tecken på förvirring?"
    assert parse_answer(Question("q", "yes_no", question), text) == expected


def test_a_mild_pain_then_being_able_to_do_what_was_asked_is_no():
    question = "Har du svårt att gapa, eller gör det mycket mer ont på ena sidan av halsen?"
    text = "lite ont när jag sväljer men jag kan äta, dricka och gapa som vanligt"
    assert parse_answer(Question("q", "yes_no", question), text) == "nej"

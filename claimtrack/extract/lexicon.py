"""The words the rules look for: cues (verbs of saying and thinking, 'according to'),
the little words around them, and the words that mark a source anonymous or an outlet.

Written by hand from the attribution literature (PARC's reporting verbs) and from reading
news; every form is listed, so a reader can grep for a word.
"""

from __future__ import annotations

# Verbs of saying, writing and thinking whose subject is a source and whose object or
# complement is the content.  Each line: base, 3rd person, past, -ing.
_VERBS = """
say says said saying
tell tells told telling
add adds added adding
note notes noted noting
write writes wrote writing
tweet tweets tweeted tweeting
claim claims claimed claiming
argue argues argued arguing
explain explains explained explaining
insist insists insisted insisting
state states stated stating
declare declares declared declaring
announce announces announced announcing
report reports reported reporting
warn warns warned warning
suggest suggests suggested suggesting
ask asks asked asking
respond responds responded responding
reply replies replied replying
acknowledge acknowledges acknowledged acknowledging
admit admits admitted admitting
confirm confirms confirmed confirming
deny denies denied denying
allege alleges alleged alleging
assert asserts asserted asserting
contend contends contended contending
maintain maintains maintained maintaining
predict predicts predicted predicting
promise promises promised promising
vow vows vowed vowing
pledge pledges pledged pledging
recall recalls recalled recalling
remark remarks remarked remarking
observe observes observed observing
stress stresses stressed stressing
emphasize emphasizes emphasized emphasizing
concede concedes conceded conceding
complain complains complained complaining
boast boasts boasted boasting
joke jokes joked joking
quip quips quipped quipping
conclude concludes concluded concluding
urge urges urged urging
reveal reveals revealed revealing
indicate indicates indicated indicating
estimate estimates estimated estimating
testify testifies testified testifying
post posts posted posting
counter counters countered countering
retort retorts retorted retorting
charge charges charged charging
speculate speculates speculated speculating
contend contends contended contending
agree agrees agreed agreeing
believe believes believed believing
think thinks thought thinking
hope hopes hoped hoping
fear fears feared fearing
expect expects expected expecting
know knows knew knowing
feel feels felt feeling
worry worries worried worrying
doubt doubts doubted doubting
want wants wanted wanting
wonder wonders wondered wondering
assure assures assured assuring
inform informs informed informing
remind reminds reminded reminding
explain explains explained explaining
describe describes described describing
call calls called calling
accuse accuses accused accusing
criticize criticizes criticized criticizing
praise praises praised praising
threaten threatens threatened threatening
propose proposes proposed proposing
show shows showed showing
find finds found finding
"""
# Forms that are far more often nouns in news ('the United States', 'a Washington Post
# report', 'his tweet'): never cues.
NOUNS = frozenset(
    "state states tweet tweets post posts report call calls remark remarks show find finds "
    "charge charges counter estimate estimates claim fear fears hope hopes doubt doubts "
    "promise promises pledge pledges vow vows post posts reports".split()
)
CUE_FORMS: dict[str, str] = {}
for _line in _VERBS.strip().splitlines():
    _forms = _line.split()
    for _form in _forms:
        if _form not in NOUNS:
            CUE_FORMS.setdefault(_form, _forms[0])
# Words before a cue that make it a noun or an infinitive ('a report', 'to say').
NOT_BEFORE_CUE = frozenset(
    "a an the to of for in on with by from at its his her their our my your this these those "
    "no any some every whose".split()
)
# Cues whose object is a listener, not the content ('told reporters that ...').
LISTENER_VERBS = frozenset("tell assure inform remind warn ask urge".split())
# Cues whose first words after them are the topic, not a clause ('called it "a disaster"').
PARTICLES = {"call": ("for", "on"), "point": ("out",)}
# Verbs that come before their source: '…, said Lee Epstein, a law professor.'
INVERTING = frozenset("say add write note explain insist argue ask reply respond tweet warn conclude "
                      "recall observe quip joke tell".split())
# Participles that continue an attribution: '..., adding that ...'.
CONTINUING = frozenset("adding saying noting arguing explaining insisting writing telling "
                       "warning suggesting calling asking claiming stressing".split())
# Words between a source and its verb that belong to the cue: 'has also said'.
AUXILIARIES = frozenset(
    "has have had also is was are were be been would will could should may might did does do "
    "later previously repeatedly recently reportedly publicly privately then once often "
    "again already even never not further long first initially subsequently ultimately "
    "earlier frequently famously separately".split()
)
# Words that end a source phrase, going back from the cue.
CLAUSE_WORDS = frozenset(
    "and but that because while when as if although though since so where after before "
    "which whom or nor yet than whether until unless once".split()
)
# Time words after a source that are not part of it: 'Trump on Tuesday said'.
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight "
    "morning evening night week month year".split()
)
# Non-answers: the party before these words declined to comment.
NON_ANSWERS = (
    "declined to comment", "declined comment", "declined to respond", "declined to discuss",
    "declined to elaborate", "declined to say", "declined requests for comment",
    "declined a request for comment", "did not respond", "didn't respond",
    "did not immediately respond", "did not return", "didn't return",
    "did not reply", "could not be reached", "couldn't be reached", "refused to comment",
    "would not comment", "wouldn't comment", "had no comment", "has no comment",
    "had no immediate comment", "did not comment", "no comment",
)
DENIALS = frozenset("deny denies denied denying reject rejects rejected rejecting dismiss "
                    "dismisses dismissed dismissing dispute disputes disputed disputing".split())
# Sources that are another outlet's reporting.
OUTLET_WORDS = frozenset(
    "times post journal news cnn reuters ap bloomberg politico axios guardian bbc nbc abc cbs "
    "msnbc fox vox breitbart newsweek telegraph economist atlantic hill wire press tribune "
    "herald globe gazette report reports reporting newspaper magazine outlet network "
    "huffington buzzfeed npr pbs yahoo daily insider intercept upi afp forbes fortune "
    "wsj nyt mediaite slate salon".split()
)
ANONYMOUS_MARKS = (
    "anonymity", "not authorized", "asked not to be", "not to be named", "not be named",
    "declined to be named", "declined to be identified", "unnamed", "anonymous",
)
ANONYMOUS_HEADS = frozenset(
    "a an one two three several some many officials sources source aides people insiders "
    "person someone critics observers experts analysts allies advisers advisors".split()
)
PRONOUNS = frozenset("he she they it we i you who this that these those there which".split())
PERSON_PRONOUNS = frozenset(("he", "she"))
# Words in a capitalised run that are titles, not names.
TITLES = frozenset(
    "president sen senator rep representative gov governor mr mrs ms dr secretary "
    "spokesman spokeswoman spokesperson former vice chairman chairwoman chair gen general "
    "attorney judge justice mayor speaker leader candidate nominee director ceo chief "
    "minister ambassador adm lt col sgt capt prof professor rev democratic republican "
    "gop democrat the a an u.s. us campaign manager strategist deputy "
    "adviser advisor aide commissioner official officials executive press secretary sens reps".split()
)

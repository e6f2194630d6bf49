"""A seeded generator of short, grammatical, lowercase English sentences for character-level masked-language-model
training (the tiny BERT), written with playground.data.CHAR_VOCAB's characters only. Pure Python, no gradio.
Word lists and templates are this module's own; the held-out split is fixed by a hash of each sentence's text."""
from __future__ import annotations

import random
import zlib

from playground.core.errors import PlaygroundError

from .vocab import CHAR_VOCAB

MAX_CHARS = 62  # a BERT input is <bos> + text + <eos> and tiny_bert has 64 positions
MAX_SENTENCES = 200_000
SPLITS = ("train", "test")
TEST_SHARE = 10  # one sentence text in TEST_SHARE is held out (crc32 of the text), so no split overlaps another


# --- people and animals: (singular, plural) -------------------------------------------------------------------------
PEOPLE = (("man", "men"), ("woman", "women"), ("child", "children"), ("girl", "girls"), ("boy", "boys"),
          ("teacher", "teachers"), ("doctor", "doctors"), ("farmer", "farmers"), ("baker", "bakers"),
          ("student", "students"), ("driver", "drivers"), ("cook", "cooks"), ("nurse", "nurses"),
          ("pilot", "pilots"), ("artist", "artists"), ("sister", "sisters"), ("brother", "brothers"),
          ("mother", "mothers"), ("father", "fathers"), ("friend", "friends"), ("neighbour", "neighbours"),
          ("king", "kings"), ("queen", "queens"), ("baby", "babies"), ("uncle", "uncles"), ("aunt", "aunts"),
          ("police officer", "police officers"), ("singer", "singers"), ("writer", "writers"))
ANIMALS = (("cat", "cats"), ("dog", "dogs"), ("bird", "birds"), ("horse", "horses"), ("mouse", "mice"),
           ("rabbit", "rabbits"), ("fox", "foxes"), ("cow", "cows"), ("duck", "ducks"), ("sheep", "sheep"),
           ("goat", "goats"), ("frog", "frogs"), ("bear", "bears"), ("lion", "lions"), ("monkey", "monkeys"),
           ("puppy", "puppies"), ("kitten", "kittens"), ("owl", "owls"), ("fish", "fish"), ("pig", "pigs"))
NAMES = ("tom", "anna", "sam", "lucy", "ben", "maria", "leo", "emma", "max", "nina", "omar", "mia", "jack", "lily",
         "noah", "zoe", "ali", "sara", "paul", "kate", "li wei", "yuki", "ivan", "rosa", "dan", "amy", "tim", "eva")
DETERMINERS_SG = ("the", "a", "my", "our", "your", "her", "his", "that", "this", "their")
DETERMINERS_PL = ("the", "my", "our", "your", "her", "his", "these", "those", "some", "their", "two", "three",
                  "many", "all the")
PRONOUNS = (("i", "1sg"), ("you", "pl"), ("we", "pl"), ("they", "pl"), ("he", "3sg"), ("she", "3sg"))
ADJECTIVES_PERSON = ("old", "young", "tall", "happy", "tired", "kind", "busy", "hungry", "clever", "brave", "funny",
                     "little", "quiet", "new", "sleepy", "friendly", "shy", "strong", "angry", "proud")
ADJECTIVES_THING = ("big", "small", "old", "new", "red", "blue", "green", "yellow", "black", "white", "brown",
                    "heavy", "empty", "clean", "dirty", "long", "short", "soft", "round", "broken", "pretty",
                    "cheap", "dark", "bright", "warm", "cold", "wet", "dry", "tiny", "huge", "pink", "strange")
ADJECTIVES_STATE = ("happy", "sad", "tired", "hungry", "busy", "late", "ready", "cold", "warm", "sick", "quiet",
                    "angry", "afraid", "asleep", "awake", "bored", "excited", "kind", "lucky", "sorry")
ADVERBS_DEGREE = ("very", "quite", "really", "so", "too", "a bit", "always", "never", "often", "not")

# --- things: (singular, plural), by what one can do with them ----------------------------------------------------
FOOD = (("apple", "apples"), ("egg", "eggs"), ("cake", "cakes"), ("orange", "oranges"), ("banana", "bananas"),
        ("sandwich", "sandwiches"), ("pizza", "pizzas"), ("cookie", "cookies"), ("pear", "pears"),
        ("carrot", "carrots"), ("tomato", "tomatoes"), ("potato", "potatoes"), ("lemon", "lemons"),
        ("pie", "pies"), ("peach", "peaches"), ("onion", "onions"))
FOOD_MASS = ("bread", "soup", "rice", "cheese", "fish", "pasta", "salad", "chicken", "meat", "honey", "fruit",
             "chocolate", "butter", "jam")
DRINKS = ("water", "milk", "tea", "juice", "coffee", "lemonade", "hot chocolate")
READING = (("book", "books"), ("letter", "letters"), ("story", "stories"), ("poem", "poems"), ("note", "notes"),
           ("map", "maps"), ("newspaper", "newspapers"), ("message", "messages"), ("list", "lists"),
           ("card", "cards"), ("song", "songs"), ("report", "reports"))
THINGS = (("box", "boxes"), ("ball", "balls"), ("key", "keys"), ("bag", "bags"), ("hat", "hats"),
          ("chair", "chairs"), ("door", "doors"), ("window", "windows"), ("bike", "bikes"), ("cup", "cups"),
          ("lamp", "lamps"), ("phone", "phones"), ("kite", "kites"), ("clock", "clocks"), ("umbrella", "umbrellas"),
          ("basket", "baskets"), ("bottle", "bottles"), ("shoe", "shoes"), ("coat", "coats"), ("table", "tables"),
          ("bed", "beds"), ("car", "cars"), ("boat", "boats"), ("watch", "watches"), ("pencil", "pencils"),
          ("toy", "toys"), ("ring", "rings"), ("glass", "glasses"), ("jacket", "jackets"), ("camera", "cameras"),
          ("computer", "computers"), ("picture", "pictures"), ("flower", "flowers"), ("plate", "plates"))
INSTRUMENTS = ("the piano", "the guitar", "the drums", "the violin", "the flute", "the trumpet")
GAMES = ("football", "chess", "cards", "tennis", "basketball", "hide and seek", "a game", "video games")

# --- verbs: (base, third person singular, past) -----------------------------------------------------------------
VERBS_FOOD = (("eat", "eats", "ate"), ("cook", "cooks", "cooked"), ("buy", "buys", "bought"),
              ("like", "likes", "liked"), ("want", "wants", "wanted"), ("share", "shares", "shared"),
              ("make", "makes", "made"), ("love", "loves", "loved"), ("sell", "sells", "sold"),
              ("bring", "brings", "brought"))
VERBS_DRINK = (("drink", "drinks", "drank"), ("make", "makes", "made"), ("want", "wants", "wanted"),
               ("like", "likes", "liked"), ("pour", "pours", "poured"))
VERBS_READING = (("read", "reads", "read"), ("write", "writes", "wrote"), ("find", "finds", "found"),
                 ("send", "sends", "sent"), ("lose", "loses", "lost"), ("keep", "keeps", "kept"),
                 ("open", "opens", "opened"), ("love", "loves", "loved"))
VERBS_THING = (("find", "finds", "found"), ("lose", "loses", "lost"), ("carry", "carries", "carried"),
               ("buy", "buys", "bought"), ("clean", "cleans", "cleaned"), ("open", "opens", "opened"),
               ("close", "closes", "closed"), ("paint", "paints", "painted"), ("fix", "fixes", "fixed"),
               ("want", "wants", "wanted"), ("see", "sees", "saw"), ("hold", "holds", "held"),
               ("drop", "drops", "dropped"), ("need", "needs", "needed"), ("sell", "sells", "sold"),
               ("borrow", "borrows", "borrowed"), ("move", "moves", "moved"), ("wash", "washes", "washed"),
               ("take", "takes", "took"), ("give away", "gives away", "gave away"), ("hide", "hides", "hid"))
VERBS_BEING = (("see", "sees", "saw"), ("help", "helps", "helped"), ("call", "calls", "called"),
               ("meet", "meets", "met"), ("watch", "watches", "watched"), ("follow", "follows", "followed"),
               ("feed", "feeds", "fed"), ("visit", "visits", "visited"), ("know", "knows", "knew"),
               ("hear", "hears", "heard"), ("find", "finds", "found"), ("wake", "wakes", "woke"),
               ("thank", "thanks", "thanked"), ("draw", "draws", "drew"), ("like", "likes", "liked"))
VERBS_PLAY = (("play", "plays", "played"), ("like", "likes", "liked"), ("love", "loves", "loved"),
              ("practise", "practises", "practised"))
VERBS_INTRANSITIVE = (("sleep", "sleeps", "slept"), ("run", "runs", "ran"), ("sing", "sings", "sang"),
                      ("dance", "dances", "danced"), ("swim", "swims", "swam"), ("walk", "walks", "walked"),
                      ("laugh", "laughs", "laughed"), ("cry", "cries", "cried"), ("wait", "waits", "waited"),
                      ("work", "works", "worked"), ("play", "plays", "played"), ("sit", "sits", "sat"),
                      ("jump", "jumps", "jumped"), ("smile", "smiles", "smiled"), ("rest", "rests", "rested"),
                      ("study", "studies", "studied"), ("shout", "shouts", "shouted"), ("live", "lives", "lived"),
                      ("stay", "stays", "stayed"), ("fall asleep", "falls asleep", "fell asleep"),
                      ("eat lunch", "eats lunch", "ate lunch"), ("read", "reads", "read"),
                      ("write", "writes", "wrote"), ("cook", "cooks", "cooked"), ("hide", "hides", "hid"))
MANNER = ("quietly", "slowly", "quickly", "happily", "well", "loudly", "alone", "together", "a lot", "again",
          "all day", "for an hour", "carefully", "badly", "at once")

PLACES = ("in the park", "at school", "in the kitchen", "at home", "near the river", "on the bus", "in the garden",
          "at the market", "by the sea", "under the tree", "in the library", "on the farm", "in the city",
          "at the station", "behind the house", "on the beach", "in the forest", "at the zoo", "in the shop",
          "on the hill", "in the street", "at work", "in the car", "on the train", "in the yard", "by the lake",
          "in the village", "at the cafe", "in bed", "upstairs", "outside", "in the snow", "in the rain",
          "at the office", "in the classroom", "on the roof", "in the hall", "near the bridge", "at the party",
          "in the museum")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIMES_PRESENT = ("every day", "every morning", "in the morning", "at night", "after lunch", "before dinner",
                 "after school", "at the weekend", "in the evening", "twice a week", "every summer", "in winter",
                 "on sundays", "on mondays", "most days", "every night")
TIMES_PAST = ("yesterday", "last week", "last night", "this morning", "two days ago", "last year", "an hour ago",
              "last summer", "on friday", "on saturday", "in 2019", "in 2021", "in may", "in june", "at noon",
              "long ago")
TIMES_FUTURE = ("tomorrow", "next week", "soon", "tonight", "on monday", "on sunday", "next year", "later",
                "in july", "after lunch", "next summer", "in an hour")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "twenty", "twenty-one", "forty-two", "a hundred", "a few", "some", "many")
CLOCK = ("7", "8", "9", "10", "11", "12", "1", "2", "3", "4", "5", "6", "7:30", "8:15", "9:45", "6:00", "noon",
         "midnight")
QUESTION_WORDS = ("where", "when", "why", "how")
WEATHER = ("it is sunny", "it is raining", "it is cold", "it is windy", "it was hot", "it was snowing",
           "the sky is grey", "the sun is out", "it is late", "it was dark")
EXCLAIM = ("what a lovely day", "what a big dog", "look at that", "how nice", "well done", "oh no", "good morning",
           "good night", "happy birthday", "see you soon", "thank you", "wait for me", "come here", "be careful",
           "let's go", "hurry up", "watch out", "sit down")

_CHARS = frozenset(CHAR_VOCAB[4:])  # the characters a sentence may use (specials excluded)


# ---------------------------------------------------------------------------------------------------------------
# Phrases

def _pick(rng: random.Random, options):
    return options[rng.randrange(len(options))]


def _maybe(rng: random.Random, p: float, text: str) -> str:
    return text if rng.random() < p else ""


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _noun_phrase(rng: random.Random, nouns, adjectives, plural: bool, proper=NAMES, proper_p=0.0) -> str:
    """A determiner, an optional adjective and a noun: 'the old man', 'three red boxes', or a name."""
    if proper and rng.random() < proper_p:
        return _pick(rng, proper)
    noun = _pick(rng, nouns)[1 if plural else 0]
    adjective = _maybe(rng, 0.4, _pick(rng, adjectives)) if adjectives else ""
    det = _pick(rng, DETERMINERS_PL if plural else DETERMINERS_SG)
    if det == "a" and (adjective or noun)[0] in "aeiou":
        det = "an"
    return _join(det, adjective, noun)


def _subject(rng: random.Random) -> tuple[str, str]:
    """(subject, agreement) with agreement '1sg', '3sg' or 'pl'."""
    r = rng.random()
    if r < 0.25:
        return _pick(rng, PRONOUNS)
    if r < 0.5:
        return _pick(rng, NAMES), "3sg"
    plural = rng.random() < 0.35
    nouns = PEOPLE if rng.random() < 0.6 else ANIMALS
    return _noun_phrase(rng, nouns, ADJECTIVES_PERSON, plural), "pl" if plural else "3sg"


def _be(agreement: str, tense: str) -> str:
    if tense == "past":
        return "were" if agreement == "pl" else "was"
    return {"1sg": "am", "3sg": "is", "pl": "are"}[agreement]


def _conjugate(verb: tuple[str, str, str], agreement: str, tense: str) -> str:
    if tense == "past":
        return verb[2]
    if tense == "future":
        return "will " + verb[0]
    return verb[1] if agreement == "3sg" else verb[0]


def _object(rng: random.Random) -> tuple[tuple, str]:
    """(verb list, object phrase) that make sense together."""
    kind = rng.random()
    if kind < 0.2:
        if rng.random() < 0.6:
            return VERBS_FOOD, _noun_phrase(rng, FOOD, ("red", "green", "big", "small", "fresh", "sweet", "ripe"),
                                            rng.random() < 0.4, proper=())
        return VERBS_FOOD, _join(_pick(rng, ("some", "the", "", "fresh", "hot", "cold", "my")), _pick(rng, FOOD_MASS))
    if kind < 0.3:
        return VERBS_DRINK, _join(_pick(rng, ("some", "the", "", "a cup of", "a glass of", "cold", "hot")),
                                  _pick(rng, DRINKS))
    if kind < 0.45:
        return VERBS_READING, _noun_phrase(rng, READING, ("long", "short", "new", "old", "funny", "sad", "strange"),
                                           rng.random() < 0.3, proper=())
    if kind < 0.7:
        return VERBS_THING, _noun_phrase(rng, THINGS, ADJECTIVES_THING, rng.random() < 0.3, proper=())
    if kind < 0.9:
        plural = rng.random() < 0.3
        nouns = PEOPLE if rng.random() < 0.5 else ANIMALS
        return VERBS_BEING, _noun_phrase(rng, nouns, ADJECTIVES_PERSON, plural, proper_p=0.3)
    return VERBS_PLAY, _pick(rng, INSTRUMENTS + GAMES)


def _when(rng: random.Random, tense: str, p: float) -> str:
    times = {"present": TIMES_PRESENT, "past": TIMES_PAST, "future": TIMES_FUTURE}[tense]
    return _maybe(rng, p, _pick(rng, times))


def _tense(rng: random.Random) -> str:
    r = rng.random()
    return "present" if r < 0.45 else "past" if r < 0.8 else "future"


# ---------------------------------------------------------------------------------------------------------------
# Templates: each returns one sentence with its final punctuation

def _transitive(rng: random.Random) -> str:
    subject, agreement = _subject(rng)
    tense = _tense(rng)
    verbs, obj = _object(rng)
    verb = _conjugate(_pick(rng, verbs), agreement, tense)
    place = _maybe(rng, 0.35, _pick(rng, PLACES))
    when = _when(rng, tense, 0.35)
    if when and rng.random() < 0.3:
        return _join(when + ",", subject, verb, obj, place) + "."
    return _join(subject, verb, obj, place, when) + _pick(rng, ".....!")


def _intransitive(rng: random.Random) -> str:
    subject, agreement = _subject(rng)
    tense = _tense(rng)
    verb = _conjugate(_pick(rng, VERBS_INTRANSITIVE), agreement, tense)
    return _join(subject, verb, _maybe(rng, 0.4, _pick(rng, MANNER)), _maybe(rng, 0.5, _pick(rng, PLACES)),
                 _when(rng, tense, 0.4)) + "."


def _description(rng: random.Random) -> str:
    tense = "past" if rng.random() < 0.3 else "present"
    if rng.random() < 0.5:
        subject, agreement = _subject(rng)
        adjective = _pick(rng, ADJECTIVES_STATE)
    else:
        plural = rng.random() < 0.3
        subject = _noun_phrase(rng, THINGS + FOOD, (), plural, proper=())
        agreement = "pl" if plural else "3sg"
        adjective = _pick(rng, ADJECTIVES_THING)
    degree = _maybe(rng, 0.4, _pick(rng, ADVERBS_DEGREE))
    end = _pick(rng, ("", "", "", " today", " again", " now")) if tense == "present" else ""
    return _join(subject, _be(agreement, tense), degree, adjective) + end + "."


def _there_are(rng: random.Random) -> str:
    number = _pick(rng, NUMBER_WORDS + ("2", "3", "4", "5", "10", "12", "20", "50", "100"))
    nouns = _pick(rng, (THINGS, FOOD, ANIMALS, PEOPLE, READING))
    adjective = _maybe(rng, 0.4, _pick(rng, ADJECTIVES_THING if nouns in (THINGS, FOOD) else ADJECTIVES_PERSON))
    verb = "were" if rng.random() < 0.3 else "are"
    return _join("there", verb, number, adjective, _pick(rng, nouns)[1], _pick(rng, PLACES)) + "."


def _question(rng: random.Random) -> str:
    subject, agreement = _subject(rng)
    if subject == "i":
        subject, agreement = "you", "pl"
    r = rng.random()
    if r < 0.45:
        verbs, obj = _object(rng)
        tense = _pick(rng, ("present", "past"))
        aux = "did" if tense == "past" else "does" if agreement == "3sg" else "do"
        return _join(aux, subject, _pick(rng, verbs)[0], obj, _maybe(rng, 0.3, _pick(rng, PLACES))) + "?"
    if r < 0.75:
        word = _pick(rng, QUESTION_WORDS)
        aux = _pick(rng, ("did", "will", "does" if agreement == "3sg" else "do"))
        return _join(word, aux, subject, _pick(rng, VERBS_INTRANSITIVE)[0]) + "?"
    if r < 0.9:
        thing = _noun_phrase(rng, THINGS, ADJECTIVES_THING, False, proper=())
        return _join(_pick(rng, ("where is", "who has", "who took", "what colour is", "is this")), thing) + "?"
    return _join(_be(agreement, "present"), subject, _pick(rng, ADJECTIVES_STATE)) + "?"


def _modal(rng: random.Random) -> str:
    subject, _ = _subject(rng)
    verbs, obj = _object(rng)
    modal = _pick(rng, ("can", "can't", "must", "should", "won't", "might", "could", "wants to", "needs to",
                        "doesn't want to" if _ == "3sg" else "don't want to"))
    return _join(subject, modal, _pick(rng, verbs)[0], obj, _maybe(rng, 0.3, _pick(rng, PLACES))) + "."


def _compound(rng: random.Random) -> str:
    first = _intransitive(rng)[:-1]
    tense = _tense(rng)
    subject, agreement = _subject(rng)
    verb = _conjugate(_pick(rng, VERBS_INTRANSITIVE), agreement, tense)
    return first + _pick(rng, (", and ", ", but ", ", so ", "; ", " while ")) + _join(subject, verb) + "."


def _possessive(rng: random.Random) -> str:
    owner = _pick(rng, NAMES + ("the teacher", "the dog", "my friend", "the baby", "the king"))
    thing = _pick(rng, THINGS)[0]
    tense = "past" if rng.random() < 0.4 else "present"
    return _join(f"{owner}'s", _maybe(rng, 0.5, _pick(rng, ADJECTIVES_THING)), thing, _be("3sg", tense),
                 _pick(rng, PLACES)) + "."


def _schedule(rng: random.Random) -> str:
    subject, agreement = _subject(rng)
    verb = _pick(rng, (("get up", "gets up"), ("go to bed", "goes to bed"), ("have lunch", "has lunch"),
                       ("start work", "starts work"), ("leave home", "leaves home"), ("eat dinner", "eats dinner"),
                       ("go to school", "goes to school"), ("come home", "comes home")))
    day = _maybe(rng, 0.3, "on " + _pick(rng, WEEKDAYS) + "s")
    return _join(subject, verb[1] if agreement == "3sg" else verb[0], "at", _pick(rng, CLOCK), day) + "."


def _imperative(rng: random.Random) -> str:
    verbs, obj = _object(rng)
    head = _pick(rng, ("please", "", "", "don't", "let's", "always", "never"))
    return _join(head, _pick(rng, verbs)[0], obj, _maybe(rng, 0.3, _pick(rng, PLACES))) + _pick(rng, ".!!")


def _exclaim(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _pick(rng, WEATHER) + _pick(rng, (" today.", ".", " again!", " (again).", " outside."))
    return _pick(rng, EXCLAIM) + _pick(rng, ("!", "!", ".", ", " + _pick(rng, NAMES) + "!"))


def _age(rng: random.Random) -> str:
    subject, agreement = _subject(rng)
    number = str(rng.randint(2, 99))
    if rng.random() < 0.5:
        return _join(subject, _be(agreement, "present"), number, "years old") + "."
    return _join(subject, "has" if agreement == "3sg" else "have", number, _pick(rng, THINGS + FOOD)[1]) + "."


TEMPLATES = (  # (weight, template)
    (5, _transitive), (3, _intransitive), (2, _description), (1, _there_are), (2, _question), (1, _modal),
    (1, _compound), (1, _possessive), (1, _schedule), (1, _imperative), (1, _exclaim), (1, _age),
)
_WEIGHTS = tuple(w for w, _ in TEMPLATES)


def make_sentence(rng: random.Random) -> str:
    """One sentence of at most MAX_CHARS characters from CHAR_VOCAB (drawn again until one fits)."""
    while True:
        template = rng.choices(TEMPLATES, weights=_WEIGHTS)[0][1]
        text = " ".join(template(rng).split())  # single spaces
        if len(text) <= MAX_CHARS:
            return text


def split_of(text: str) -> str:
    """'test' for one text in TEST_SHARE (crc32 of the text, the same on every machine), else 'train'."""
    return "test" if zlib.crc32(text.encode()) % TEST_SHARE == 0 else "train"


def make_sentences(n: int, seed: int = 0, split: str = "train") -> list[str]:
    """n sentences (repeats possible) of one split, the same for the same (n, seed, split)."""
    if split not in SPLITS:
        raise PlaygroundError("corpus_bad_split", split=split, choices=", ".join(SPLITS))
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_SENTENCES:
        raise PlaygroundError("corpus_bad_count", n=n, limit=MAX_SENTENCES)
    rng = random.Random(f"{split}:{seed}")  # a string seed is hashed stably (sha512), not by hash()
    out: list[str] = []
    while len(out) < n:
        text = make_sentence(rng)
        if split_of(text) == split:
            out.append(text)
    return out


def vocabulary() -> set[str]:
    """Every word (split on spaces and punctuation) the templates can write: for the docs and the tests."""
    words: set[str] = set()
    groups = (NAMES, DETERMINERS_SG, DETERMINERS_PL, ADJECTIVES_PERSON, ADJECTIVES_THING, ADJECTIVES_STATE,
              ADVERBS_DEGREE, FOOD_MASS, DRINKS, INSTRUMENTS, GAMES, MANNER, PLACES, WEEKDAYS, TIMES_PRESENT,
              TIMES_PAST, TIMES_FUTURE, NUMBER_WORDS, CLOCK, QUESTION_WORDS, WEATHER, EXCLAIM,
              tuple(p for p, _ in PRONOUNS))
    pairs = PEOPLE + ANIMALS + FOOD + READING + THINGS
    verbs = VERBS_FOOD + VERBS_DRINK + VERBS_READING + VERBS_THING + VERBS_BEING + VERBS_PLAY + VERBS_INTRANSITIVE
    for text in [w for g in groups for w in g] + [w for p in pairs for w in p] + [w for v in verbs for w in v]:
        words.update("".join(c if c.isalnum() or c == "'" else " " for c in text).split())
    return words


def check_characters(text: str) -> set[str]:
    """The characters of text outside CHAR_VOCAB's non-special tokens (empty when all are allowed)."""
    return set(text) - _CHARS

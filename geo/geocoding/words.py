"""The words of Indian addresses that are not place names: labels, connectors, noise and everyday address words.

Written as they read after transliteration (ग्राम -> gram, थाना -> thana, जिला -> jila), so one set serves both
scripts.
"""

from __future__ import annotations

from geo.normalize import normalise_name


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _labelled(label: str, text: str) -> dict[str, str]:
    return dict.fromkeys(text.split(), label)


LABEL_WORDS: dict[str, str] = {
    **_labelled(
        "village",
        "vill vil vll villa village gram gra grm graam grama gaon ganv gav gaanv mauza mouza mauja mohalla mohall "
        "mahalla mohlla at",
    ),
    **_labelled("panchayat", "panchayat panchayt panchayath gp"),
    **_labelled("post_office", "po post dak dakghar daakghar pos postoffice"),
    **_labelled("police_station", "ps thana thaana thanaa pstn"),
    **_labelled("block", "block blk blok prakhand prakhanda prakhnd anchal tehsil tahsil taluka taluk tal teh mandal"),
    **_labelled("district", "dist distt dis dst district distic distict dt jila zila zilla jilla jile zile jilha"),
    **_labelled("state", "state rajya rajy"),
    **_labelled("pincode", "pin pincode pinkod"),
    "via": "via",
    # "VPO Narot": village and post office of one name (Haryana, Punjab).
    "vpo": "village+post_office",
    "atpo": "village+post_office",
}
LABEL_PAIRS = {
    ("p", "o"): "post_office",
    ("post", "office"): "post_office",
    ("p", "s"): "police_station",
    ("police", "station"): "police_station",
    ("gram", "panchayat"): "panchayat",
    ("cd", "block"): "block",
    ("pin", "code"): "pincode",
    ("pin", "no"): "pincode",
    ("thana", "no"): "thana_no",
}
#: Short label words that are also ordinary words or name parts: a label only at the start of a segment.
LEADING_ONLY = _words("at tal teh dis gra pos gp via pin")
#: Joining words between stacked labels: "at and po X", "ग्राम एवं पो० X".
CONNECTORS = _words("and evan evam va cum")
#: Words that carry no place information; agents type them freely.
NOISE = _words(
    "near nr nearby opp opposite behind beside ke ka ki paas pas the of and h no hno house plot flat room in india "
    "part anshatah anshat "
    "bharat ward wd khata khesra sy survey door dno ss s o w d c"
)
#: Everyday address words: part of a name at most ("Station Road", "Sour Bazar"), never evidence alone.
GENERIC = _words(
    "road rd marg path street st lane gali chowk chouk chauk more bazar bazaar market mandi nagar colony society "
    "complex building bldg bhawan bhavan tower plaza mall floor ground first second third 1st 2nd 3rd shop "
    "office bank branch ltd limited pvt private co op cooperative station bus stand railway junction hospital "
    "school college vidyalay vidyalaya madhya prathmik utkramit uchch uchcha high middle primary kendra "
    "anganwadi mandir masjid temple hotel petrol pump cinema hall court civil new old east west north south "
    "purbi paschim uttar dakshin main city town area industrial estate phase sector block gate campus centre "
    "center premises premise icici hdfc kotak mahindra axis yes bandhan utkarsh small finance grameen gramin "
    "jana sbi union canara mahila samiti samity sanstha parisad parishad zila nigam post p o tola toli tolla tol "
    # The same as typed in Devanagari and transliterated: schools, halls, parts of a village, directions.
    "prathamik prathmik vidyalay vidyalaya vidhalay madhy rajakiy rajkiya utkramit buniyadi kanya samudayik "
    "sabhabhavan karyashala daxini dakshini dakshin bhag bhaag dayan bayan purab purvi pashchim paschimi uttari "
    "kamara kamra hindi urdu makatab maktab madarasa madrasa anganabari anganbari kendr sarakar sarkari steshan "
    "bajar chauk pokhar rod mandir masjid thakurbari"
)
#: The same words as matching keys (``normalise_name``), for reading names already folded, and for telling
#: them however they are spelt ("vidyalay", "vidyalaya").
GENERIC_KEYS = frozenset(normalise_name(w) for w in GENERIC)
#: A name just before one of these is a road or route named after a place, not where the address is.
ROAD_WORDS = _words("road rd rod marg path highway hwy bypass")
#: Hamlet words: "Musahar Tola" is a hamlet of a village; the village is named without them.
HAMLET_WORDS = _words("tola toli tolla tol tolaa dih chak")
#: Names of banks and other institutions that hold a place name which is not where the address is ("Punjab National
#: Bank, Patna"); they are taken out before the address is read.
INSTITUTIONS = (
    "state bank of india", "punjab national bank", "punjab and sind bank", "punjab sind bank", "bank of baroda",
    "union bank of india", "central bank of india", "bank of india", "indian overseas bank", "indian bank",
    "bank of maharashtra", "karnataka bank", "karnataka gramin bank", "karnataka grameena bank",
    "kerala gramin bank", "south indian bank", "jammu and kashmir bank", "j and k bank", "andhra bank",
    "andhra pradesh grameena vikas bank", "tamilnad mercantile bank", "tamil nadu grama bank",
    "uttar bihar gramin bank", "dakshin bihar gramin bank", "bihar gramin bank", "madhya bihar gramin bank",
    "punjab gramin bank", "haryana gramin bank", "sarva haryana gramin bank", "rajasthan marudhara gramin bank",
    "baroda uttar pradesh gramin bank", "baroda rajasthan kshetriya gramin bank", "baroda gujarat gramin bank",
    "maharashtra gramin bank", "vidarbha konkan gramin bank", "paschim banga gramin bank",
    "bangiya gramin vikash bank", "uttarbanga kshetriya gramin bank", "odisha gramya bank", "utkal grameen bank",
    "assam gramin vikash bank", "madhyanchal gramin bank", "chhattisgarh rajya gramin bank",
    "jharkhand rajya gramin bank", "telangana grameena bank", "saurashtra gramin bank",
    "kashi gomti samyut gramin bank",
    "delhi state cooperative bank", "uttar pradesh cooperative bank", "bihar state cooperative bank",
    "indian institute of technology", "reserve bank of india",
)  # fmt: skip
#: Devanagari abbreviations written with ० or ॰ (पो०, ग्रा०, प्र०), spelt out before transliteration.
# The spelt-out labels end in a consonant: Devanagari text drops a word's final "a" when it is transliterated
# (रामपुर -> rampur), and that would turn "jila" into "jil", no label.
ABBREVIATIONS = {
    "ग्रा": " gram ",
    "पो": " po ",
    "प्र": " prakhand ",
    "जि": " dist ",
    "पं": " panchayat ",
    "था": " ps ",
    "थ": " ps ",
    "मु": " vill ",
    "मो": " vill ",
}

#: Countries and cities abroad that Indian workers go to (the Gulf, Nepal, South-East Asia) as addresses
#: write them: an address ending in one is outside India, whatever Indian place its words resemble
#: ("Saudi Arabia" is not a misspelt Araria).
ABROAD = frozenset(
    (
        "uae", "u a e", "united arab emirates", "dubai", "abu dhabi", "sharjah", "ajman", "saudi arabia", "saudi",
        "ksa", "riyadh", "jeddah", "dammam", "qatar", "doha", "oman", "muscat", "kuwait", "bahrain", "manama",
        "nepal", "kathmandu", "malaysia", "kuala lumpur", "singapore", "bangladesh", "dhaka", "bhutan", "thimphu",
        "sri lanka", "colombo", "maldives", "myanmar", "afghanistan", "iraq", "iran", "israel", "jordan",
        "russia", "mauritius", "usa", "united states", "uk", "united kingdom", "canada", "australia",
    )
)  # fmt: skip

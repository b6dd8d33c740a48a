"""Words people write in addresses: Bihar's districts by the names in use (English and Hindi, with the HQ towns
that stand for them), the labels clerks put before each part, landmarks, hamlets, states and cities."""

from __future__ import annotations

# Bihar district (Census 2011 code) -> (English names in use, Hindi names in use); the first is the usual one.
BIHAR_DISTRICTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "203": (
        ("West Champaran", "Pashchim Champaran", "Paschim Champaran", "W. Champaran", "Bettiah"),
        ("पश्चिम चंपारण", "पश्चिमी चम्पारण", "प. चंपारण", "बेतिया"),
    ),
    "204": (
        ("East Champaran", "Purbi Champaran", "Purvi Champaran", "E. Champaran", "Motihari"),
        ("पूर्वी चंपारण", "पूर्वी चम्पारण", "पू. चंपारण", "मोतिहारी"),
    ),
    "205": (("Sheohar", "Shivhar"), ("शिवहर",)),
    "206": (("Sitamarhi", "Sitamadhi"), ("सीतामढ़ी", "सीतामढी")),
    "207": (("Madhubani",), ("मधुबनी",)),
    "208": (("Supaul",), ("सुपौल",)),
    "209": (("Araria",), ("अररिया",)),
    "210": (("Kishanganj",), ("किशनगंज",)),
    "211": (("Purnia", "Purnea"), ("पूर्णिया", "पुर्णिया")),
    "212": (("Katihar",), ("कटिहार",)),
    "213": (("Madhepura",), ("मधेपुरा",)),
    "214": (("Saharsa",), ("सहरसा",)),
    "215": (("Darbhanga", "Laheriasarai", "Laheria Sarai"), ("दरभंगा", "लहेरियासराय")),
    "216": (("Muzaffarpur", "Muzzafarpur", "Mujaffarpur"), ("मुजफ्फरपुर", "मुज़फ़्फ़रपुर")),
    "217": (("Gopalganj",), ("गोपालगंज",)),
    "218": (("Siwan", "Sewan"), ("सिवान", "सीवान")),
    "219": (("Saran", "Chhapra", "Chapra"), ("सारण", "छपरा")),
    "220": (("Vaishali", "Hajipur"), ("वैशाली", "हाजीपुर")),
    "221": (("Samastipur",), ("समस्तीपुर",)),
    "222": (("Begusarai",), ("बेगूसराय", "बेगुसराय")),
    "223": (("Khagaria",), ("खगड़िया", "खगडिया")),
    "224": (("Bhagalpur",), ("भागलपुर",)),
    "225": (("Banka",), ("बांका", "बाँका")),
    "226": (("Munger", "Monghyr"), ("मुंगेर",)),
    "227": (("Lakhisarai",), ("लखीसराय",)),
    "228": (("Sheikhpura", "Shekhpura"), ("शेखपुरा",)),
    "229": (("Nalanda", "Biharsharif", "Bihar Sharif"), ("नालंदा", "बिहारशरीफ")),
    "230": (("Patna",), ("पटना",)),
    "231": (("Bhojpur", "Arrah", "Ara"), ("भोजपुर", "आरा")),
    "232": (("Buxar", "Baxar"), ("बक्सर",)),
    "233": (("Kaimur", "Bhabua", "Kaimur (Bhabua)", "Bhabhua"), ("कैमूर", "भभुआ")),
    "234": (("Rohtas", "Sasaram"), ("रोहतास", "सासाराम")),
    "235": (("Aurangabad",), ("औरंगाबाद",)),
    "236": (("Gaya",), ("गया",)),
    "237": (("Nawada",), ("नवादा",)),
    "238": (("Jamui",), ("जमुई",)),
    "239": (("Jehanabad", "Jahanabad"), ("जहानाबाद",)),
    "240": (("Arwal",), ("अरवल",)),
}

# Part labels as clerks type them. English forms are cased later; Hindi forms are used as they are.
LABELS_EN = {
    "village": ("Vill", "Vill.", "VILL-", "Village", "Gram", "Gram-", "Grm", "At", "AT-", "Mauza", "Mouza", "Vil"),
    "po": ("PO", "P.O.", "Po-", "Post", "Post-", "P.O-", "Po."),
    "ps": ("PS", "P.S.", "P.S-", "Thana", "Thana-", "Ps.", "PS-"),
    "block": ("Block", "Block-", "Blk", "Prakhand", "Prakhand-", "C.D. Block", "Anchal"),
    "district": ("Dist", "Dist.", "Distt.", "DISTT-", "District", "Jila", "Zila", "Dist-", "Dt."),
    "panchayat": ("Panchayat", "Gram Panchayat", "G.P.", "Panchayat-", "Pan."),
    "pin": ("Pin", "PIN-", "Pin Code", "Pincode-", "PIN:"),
    "state": ("", "", "State"),
}
LABELS_HI = {
    "village": ("ग्राम", "ग्राम-", "ग्रा.", "गाँव", "गांव", "मौजा", "मो."),
    "po": ("पो.", "पोस्ट", "पो॰", "डाक", "डाकघर", "पोस्ट-"),
    "ps": ("थाना", "थाना-", "था.", "थाना क्षेत्र"),
    "block": ("प्रखंड", "प्रखण्ड", "प्रखंड-", "प्र.", "ब्लॉक", "अंचल"),
    "district": ("जिला", "ज़िला", "जिला-", "जि.", "जिला:"),
    "panchayat": ("पंचायत", "ग्राम पंचायत", "पंचायत-"),
    "pin": ("पिन", "पिन-", "पिन कोड"),
    "state": ("", "राज्य"),
}
# Joined labels for a village that is its own post office, or a post office that is also the thana.
AT_PO_EN = ("AT+PO", "At/Po", "VILL&PO", "Vill+Post", "At & Post", "AT-PO", "Vill+PO")
AT_PO_HI = ("ग्राम+पो.", "ग्राम व पोस्ट", "ग्राम+पोस्ट", "मु.+पो.")
PO_PS_EN = ("PO-PS-", "PO+PS", "P.O.+P.S.", "Po/Ps", "Post+Thana")
PO_PS_HI = ("पो.+था.", "पोस्ट+थाना", "पो.-था.")
STATE_BIHAR_EN = ("Bihar", "BIHAR", "Bihar", "BR", "(Bihar)")
STATE_BIHAR_HI = ("बिहार", "बिहार", "(बिहार)")

LANDMARKS_EN = (
    "Utkramit Madhya Vidyalaya",
    "U.M.V.",
    "Madhya Vidyalaya",
    "Prathmik Vidyalaya",
    "Primary School",
    "Middle School",
    "Rajkiya Madhya Vidyalaya",
    "Kanya Madhya Vidyalaya",
    "High School",
    "Panchayat Bhawan",
    "Panchayat Sarkar Bhawan",
    "Anganwadi Kendra",
    "Swasthya Upkendra",
    "Durga Mandir",
    "Shiv Mandir",
    "Kali Asthan",
    "Thakurbari",
    "Jama Masjid",
)
LANDMARKS_HI = (
    "उत्क्रमित मध्य विद्यालय",
    "उत्क्रमित म. वि.",
    "मध्य विद्यालय",
    "प्राथमिक विद्यालय",
    "राजकीय मध्य विद्यालय",
    "कन्या मध्य विद्यालय",
    "उच्च विद्यालय",
    "पंचायत भवन",
    "पंचायत सरकार भवन",
    "आंगनबाड़ी केंद्र",
    "आँगनवाड़ी केन्द्र",
    "स्वास्थ्य उपकेंद्र",
    "दुर्गा मंदिर",
    "शिव मंदिर",
    "काली स्थान",
    "ठाकुरबाड़ी",
)
NEAR_EN = ("Near", "Nr.", "Near", "Behind", "Pass")
NEAR_HI = ("के पास", "निकट", "के नजदीक", "के पीछे")

# A road or market named before the district, as in "Vill Pipra, Main Road, Madhubani".
ROADS_EN = ("Main Road", "Station Road", "Bazar Road", "Near Chowk", "NH Road", "Hat Road")
ROADS_HI = ("मेन रोड", "स्टेशन रोड", "बाजार रोड", "चौक के पास", "हाट रोड")

# Hamlets (tola) named for a community or a direction, as villages have them.
HAMLETS_EN = (
    "Yadav Tola",
    "Paswan Tola",
    "Musahari Tola",
    "Rajput Tola",
    "Mallah Tola",
    "Koeri Tola",
    "Bind Toli",
    "Uttari Tola",
    "Dakshini Tola",
    "Purbi Tola",
    "Pachhimi Tola",
    "Naya Tola",
    "Bhagat Tola",
    "Mahto Tola",
)
HAMLETS_HI = (
    "यादव टोला",
    "पासवान टोला",
    "मुसहरी टोला",
    "राजपूत टोला",
    "मल्लाह टोला",
    "कोईरी टोला",
    "बिंद टोली",
    "उत्तरी टोला",
    "दक्षिणी टोला",
    "पूर्वी टोला",
    "पश्चिमी टोला",
    "नया टोला",
    "भगत टोला",
    "महतो टोला",
)
TOLA_EN = ("Tola", "Tola", "Toli", "tola")
TOLA_HI = ("टोला", "टोला", "टोली")

# Destination states as workers and agents write them (English, then Hindi).
STATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "07": (("Delhi", "Delhi", "Delhi", "New Delhi", "New Delhi", "DELHI", "N. Delhi", "Dilli"), ("दिल्ली", "नई दिल्ली")),
    "27": (("Maharashtra", "Maharashtra", "Maharashtra", "MH", "Maharastra", "Maharashtra State"), ("महाराष्ट्र",)),
    "24": (("Gujarat", "Gujarat", "Gujarat", "Gujrat", "GJ", "Gujarat State"), ("गुजरात",)),
    "06": (("Haryana", "Haryana", "Haryana", "Hariyana", "HR"), ("हरियाणा", "हरियाना")),
    "03": (("Punjab", "Punjab", "Punjab", "Panjab", "PB"), ("पंजाब",)),
    "09": (("Uttar Pradesh", "Uttar Pradesh", "U.P.", "UP", "Uttarpradesh"), ("उत्तर प्रदेश", "यूपी")),
    "19": (("West Bengal", "West Bengal", "West Bengal", "W.B.", "WB", "Bengal", "Paschim Banga"), ("पश्चिम बंगाल",)),
    "29": (("Karnataka", "Karnataka", "Karnataka", "Karnatak", "KA"), ("कर्नाटक",)),
    "33": (("Tamil Nadu", "Tamil Nadu", "Tamilnadu", "T.N.", "TN"), ("तमिलनाडु",)),
    "32": (("Kerala", "Kerala", "Kerala", "Kerela", "KL"), ("केरल", "केरला")),
    "36": (("Telangana", "Telangana", "Telangana", "Telengana", "TS", "Telangana State"), ("तेलंगाना",)),
}

# How the big cities are written, for the districts they stand for (2011 code -> names). Only names that
# point at one 2011 district are listed (Navi Mumbai or Siliguri, which straddle two, are not).
CITY_NAMES: dict[str, tuple[str, ...]] = {
    "519": ("Mumbai", "Bombay"),
    "518": ("Mumbai", "Mumbai Suburban", "Bombay"),
    "517": ("Thane",),
    "521": ("Pune", "Poona"),
    "141": ("Noida", "Greater Noida", "Gautam Buddh Nagar", "G.B. Nagar"),
    "140": ("Ghaziabad",),
    "086": ("Gurgaon", "Gurugram", "GGN"),
    "088": ("Faridabad",),
    "572": ("Bangalore", "Bengaluru", "Bangalore Urban", "Bengaluru Urban"),
    "603": ("Chennai", "Madras"),
    "536": ("Hyderabad",),
    "342": ("Kolkata", "Calcutta"),
    "341": ("Howrah",),
    "474": ("Ahmedabad", "Ahmadabad", "Amdavad"),
    "492": ("Surat",),
    "486": ("Vadodara", "Baroda"),
    "041": ("Ludhiana",),
    "037": ("Jalandhar", "Jullundur"),
    "049": ("Amritsar",),
    "052": ("Mohali", "SAS Nagar"),
    "164": ("Kanpur", "Kanpur Nagar"),
    "157": ("Lucknow",),
    "175": ("Allahabad", "Prayagraj"),
    "197": ("Varanasi", "Banaras"),
    "632": ("Coimbatore", "Kovai"),
    "633": ("Tiruppur", "Tirupur"),
    "595": ("Ernakulam", "Kochi", "Cochin"),
    "601": ("Thiruvananthapuram", "Trivandrum"),
    "591": ("Kozhikode", "Calicut"),
    "577": ("Mysore", "Mysuru"),
    "575": ("Mangalore", "Mangaluru"),
}

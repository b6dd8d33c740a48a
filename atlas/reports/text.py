"""The printed reports' words in English and Hindi: ``key: (English, Hindi)``."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "district_title": ("District report: {name}", "ज़िला रिपोर्ट: {name}"),
    "state_title": ("State report: {name}, every district", "राज्य रिपोर्ट: {name}, सभी ज़िले"),
    "generated": ("Prepared on {day}. Data as loaded up to {fresh}.", "{day} को तैयार। {fresh} तक लोड किया गया डेटा।"),
    "synthetic": ("Demo data: every worker counted here is synthetic.", "डेमो डेटा: यहाँ गिने गए सभी श्रमिक कृत्रिम हैं।"),
    "summary": ("At a glance", "एक नज़र में"),
    "workers": ("Workers registered", "पंजीकृत श्रमिक"),
    "migrants": ("Working in another state (migrants)", "दूसरे राज्य में कार्यरत (प्रवासी श्रमिक)"),
    "home_fine": ("Homes placed at block or better", "प्रखंड या उससे सटीक स्तर पर दर्ज घर"),
    "reached_90d": ("Reached by the call centre in 90 days", "90 दिनों में कॉल सेंटर से संपर्क"),
    "open_complaints": ("Open complaints", "खुली शिकायतें"),
    "overdue_complaints": ("of them overdue", "इनमें से समय-सीमा पार"),
    "block_map": ("Migrants by block", "प्रखंडवार प्रवासी श्रमिक"),
    "block_map_note": (
        "Block areas are approximate (drawn around block headquarters). Blocks with fewer than 5 are grey.",
        "प्रखंड क्षेत्र अनुमानित हैं (प्रखंड मुख्यालयों के आधार पर)। 5 से कम वाले प्रखंड धूसर हैं।",
    ),
    "destinations": ("Where they work: top destinations", "कहाँ काम करते हैं: प्रमुख गंतव्य"),
    "skills": ("Top skills", "प्रमुख कौशल"),
    "complaints": ("Complaints by category", "श्रेणीवार शिकायतें"),
    "quality": ("Data quality", "डेटा गुणवत्ता"),
    "quality_score": ("Data-quality score", "डेटा गुणवत्ता अंक"),
    "home_block_or_better": ("Homes placed at block or better", "प्रखंड या उससे सटीक स्तर पर दर्ज घर"),
    "valid_phone": ("Valid mobile numbers", "मान्य मोबाइल नंबर"),
    "fresh_workplace": ("Workplaces seen in 180 days", "180 दिनों में देखे गए कार्यस्थल"),
    "not_duplicate": ("Not a suspected duplicate", "संदिग्ध दोहराव नहीं"),
    "col_place": ("Place", "स्थान"),
    "col_workers": ("Workers", "श्रमिक"),
    "col_skill": ("Skill", "कौशल"),
    "col_category": ("Category", "श्रेणी"),
    "col_complaints": ("Complaints", "शिकायतें"),
    "col_open": ("Open", "खुली"),
    "col_overdue": ("Overdue", "समय-सीमा पार"),
    "col_rank": ("Rank", "क्रम"),
    "col_district": ("District", "ज़िला"),
    "col_migrants": ("Migrants", "प्रवासी"),
    "col_reached": ("Reached, 90 days", "संपर्क, 90 दिन"),
    "col_share": ("Share", "हिस्सा"),
    "ranking": ("Districts ranked by migrants", "प्रवासी श्रमिकों के अनुसार ज़िलों का क्रम"),
    "suppressed": ("Counts under 5 are shown as “< 5”.", "5 से कम संख्या “< 5” के रूप में दिखाई गई है।"),
    "none": ("None recorded.", "कोई दर्ज नहीं।"),
    "department_title": (
        "{department}: open complaints, workers of {state}",
        "{department}: खुली शिकायतें, {state} के श्रमिक",
    ),
    "personal_data": (
        "For the {department} only; printed by {user} on {day}. Personal data: keep it safe, destroy it after use.",
        "केवल {department} के लिए; {user} द्वारा {day} को मुद्रित। व्यक्तिगत डेटा: सुरक्षित रखें, उपयोग के बाद नष्ट करें।",
    ),
    "col_number": ("No.", "क्रमांक"),
    "col_lodged": ("Lodged", "दर्ज"),
    "col_name": ("Worker", "श्रमिक"),
    "col_phone": ("Phone", "फ़ोन"),
    "col_home": ("Home", "गृह स्थान"),
    "col_workplace": ("Works in", "कार्यस्थल"),
    "col_due": ("Next deadline", "अगली समय-सीमा"),
    "list_note": (
        "(!) an emergency; ✗ the deadline has passed. Record each action in Shramik Atlas or tell the call centre.",
        "(!) आपात स्थिति; ✗ समय-सीमा बीत चुकी है। हर कार्रवाई श्रमिक एटलस में दर्ज करें या कॉल सेंटर को बताएँ।",
    ),
    "source": (
        "Shramik Atlas · Census 2011 boundaries (covid19india.org, MIT) · LGD · India Post",
        "श्रमिक एटलस · जनगणना 2011 सीमाएँ (covid19india.org, MIT) · LGD · भारतीय डाक",
    ),
    "block_legend": ("Migrants per block", "प्रति प्रखंड प्रवासी"),
    "district_map": ("Migrants by home district", "गृह ज़िलेवार प्रवासी श्रमिक"),
    "district_legend": ("Migrants per district", "प्रति ज़िला प्रवासी"),
    "district_map_note": ("Districts with fewer than 5 are grey.", "5 से कम वाले ज़िले धूसर हैं।"),
}


def t(key: str, lang: str) -> str:
    english, hindi = TEXT[key]
    return hindi if lang == "hi" else english

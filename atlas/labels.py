"""Names of the product's codes in English and Hindi, shared by the dashboard and the printed reports:
``CODE: (English, Hindi)``."""

from __future__ import annotations

SKILL_LABELS: dict[str, tuple[str, str]] = {
    "construction_labour": ("Construction labour", "निर्माण मजदूर"),
    "mason": ("Mason", "राजमिस्त्री"),
    "construction_skilled": ("Construction (skilled)", "निर्माण (कुशल)"),
    "electrician": ("Electrician", "बिजली मिस्त्री"),
    "plumber": ("Plumber", "प्लंबर"),
    "carpenter": ("Carpenter", "बढ़ई"),
    "painter": ("Painter", "पेंटर"),
    "welder": ("Welder", "वेल्डर"),
    "tailor_garment": ("Tailor / garment", "दर्जी / वस्त्र"),
    "driver": ("Driver", "चालक"),
    "security_guard": ("Security guard", "सुरक्षा गार्ड"),
    "factory_helper": ("Factory helper", "फैक्ट्री सहायक"),
    "agricultural_labour": ("Agricultural labour", "खेतिहर मजदूर"),
    "domestic_work": ("Domestic work", "घरेलू काम"),
    "hotel_restaurant": ("Hotel / restaurant", "होटल / रेस्टोरेंट"),
    "delivery_gig": ("Delivery / gig", "डिलीवरी / गिग"),
    "mechanic": ("Mechanic", "मैकेनिक"),
    "other": ("Other", "अन्य"),
    "unknown": ("Not recorded", "दर्ज नहीं"),
}

CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "unpaid_wages": ("Unpaid wages", "मजदूरी का भुगतान नहीं"),
    "stranded": ("Stranded or needs return", "फंसे हुए / वापसी"),
    "accident_injury": ("Accident or injury", "दुर्घटना / चोट"),
    "death_repatriation": ("Death and repatriation", "मृत्यु / पार्थिव शरीर की वापसी"),
    "harassment_forced_labour": ("Harassment, abuse or forced labour", "उत्पीड़न / बंधुआ मजदूरी"),
    "missing_worker": ("Missing worker", "लापता श्रमिक"),
    "documents_ration": ("Identity documents or ration", "पहचान पत्र / राशन"),
    "scheme_benefits": ("Scheme benefits", "योजना लाभ"),
    "other": ("Other", "अन्य"),
}
DEPARTMENT_LABELS: dict[str, tuple[str, str]] = {
    "labour_home": ("Labour dept. (home state)", "श्रम विभाग (गृह राज्य)"),
    "labour_destination": ("Labour dept. (destination)", "श्रम विभाग (गंतव्य राज्य)"),
    "police": ("Police", "पुलिस"),
    "district_administration": ("District administration", "ज़िला प्रशासन"),
    "resident_commissioner": ("Resident Commissioner", "स्थानिक आयुक्त"),
    "welfare_board": ("Welfare board", "कल्याण बोर्ड"),
}

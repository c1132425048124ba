"""Starting content for a new site: real wording for the pages, and documented incidents.

Editors change all of it in the Wagtail admin; bootstrap never overwrites a page that exists.
"""

import datetime

HOME_PAGE = {
    "title": "Your experience of cyberattacks on healthcare",
    "intro": (
        "<p>When hospitals, clinics and laboratories are attacked, people are harmed: operations are "
        "postponed, ambulances are diverted, medical records are leaked. We collect the stories of those "
        "affected so that the human cost of these attacks is on the record.</p>"
    ),
    "body": (
        "<h2>Why your story matters</h2><p>Official reports count systems and days of disruption. "
        "Testimonies show what those days meant for patients, relatives and staff. Published stories help "
        "policymakers, journalists and researchers understand the harm.</p>"
        "<h2>Your safety first</h2><p>Names, contact details and other personal data are removed from every "
        "story before a moderator reads it, and nothing is published without your consent.</p>"
    ),
}

CALL_PAGE = {
    "title": "Tell us what happened",
    "slug": "tell-us",
    "show_in_menus": True,
    "intro": (
        "<p>Were you, someone close to you, or your workplace affected by a cyberattack on a hospital or "
        "other healthcare organisation? Tell us what happened and how it affected you, in your own words.</p>"
        "<p>You do not need to give your name. It takes about ten minutes.</p>"
    ),
    "privacy_notice": (
        "<p><strong>How we protect you</strong></p><ul>"
        "<li>Your story is encrypted as soon as it reaches us.</li>"
        "<li>Names, contact details and identifiers are removed automatically before any moderator reads it.</li>"
        "<li>Nothing is published without your consent, and you can withdraw it later with your receipt.</li>"
        "<li>We do not record your IP address and use no tracking.</li></ul>"
    ),
    "consent_processing_text": (
        "I agree that the organisation stores my testimony securely and processes it to document the harm "
        "caused by cyberattacks on healthcare."
    ),
    "consent_publication_text": (
        "I agree that my story may be published on this website after personal details have been removed."
    ),
    "consent_contact_text": "I agree to be contacted by email about my testimony.",
    "consent_research_text": (
        "I agree that my story, with personal details removed, may be shared with researchers studying "
        "cyberattacks on healthcare."
    ),
    "receipt_intro": "<p>Your testimony has been stored and encrypted.</p>",
}

STORY_INDEX = {
    "title": "Stories",
    "slug": "stories",
    "show_in_menus": True,
    "intro": (
        "<p>Stories told by patients, relatives and healthcare staff, published with their consent "
        "and with personal details removed.</p>"
    ),
}

PRIVACY_PAGE = {
    "title": "Privacy",
    "slug": "privacy",
    "show_in_menus": True,
    "body": (
        "<p>We keep what you tell us encrypted, remove personal data before anyone on our team reads it, "
        "and publish only what you consented to. You may withdraw your consent at any time with the "
        "reference and secret you receive when you send your testimony.</p>"
        "<p>We do not use analytics, tracking cookies or third-party services on this website.</p>"
    ),
}

DEMO_INCIDENTS: list[dict] = [
    {
        "title": "WannaCry ransomware attack on the NHS",
        "slug": "wannacry-nhs-2017",
        "date": datetime.date(2017, 5, 12),
        "disclosure_date": datetime.date(2017, 5, 12),
        "country": "GB",
        "organisation": "NHS England",
        "organisation_type": "public_health_body",
        "attack_type": "ransomware",
        "threat_actor": "Lazarus Group",
        "records_exposed": None,
        "days_of_disruption": None,
        "patients_affected": None,
        "description": "",
        "sources": [
            {
                "url": "https://www.nao.org.uk/reports/investigation-wannacry-cyber-attack-and-the-nhs/",
                "title": "Investigation: WannaCry cyber attack and the NHS",
                "publisher": "National Audit Office",
            }
        ],
    },
]

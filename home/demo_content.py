"""Starting content for a new site: real wording for the pages, and documented incidents.

Editors change all of it in the Wagtail admin; bootstrap never overwrites a page that exists.
"""

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
        "I agree that {organisation} stores my testimony securely and processes it to document the harm "
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

# Who runs the demo site: administrators replace it in Settings, Organisation (make run leaves theirs alone).
DEMO_ORGANISATION = {
    "name": "Health Cyberattack Testimonies (demonstration)",
    "contact_email": "contact@example.org",
    "postal_address": "1 Example Street\n1000 Example City",
    "data_protection_email": "dpo@example.org",
    "supervisory_authority": "",
    "supervisory_authority_url": "",
}

PRIVACY_PAGE = {
    "title": "Privacy",
    "slug": "privacy",
    "show_in_menus": True,
    "body": (
        "<p>We collect testimonies to document the harm cyberattacks on healthcare do to people, and, where "
        "you agree, to publish them, share them with researchers or contact you about them.</p>"
        "<p>We keep what you tell us encrypted, remove personal data before anyone on our team reads it, "
        "and publish only what you consented to. You may withdraw your consent at any time with the "
        "reference and secret you receive when you send your testimony.</p>"
        "<p>We do not use analytics, tracking cookies or third-party services on this website.</p>"
    ),
}

# Bootstrap creates these as translations of the English pages above (Wagtail locales).
TRANSLATED_PAGES: dict[str, dict[str, dict]] = {
    "fr": {
        "home": {
            "title": "Votre expérience des cyberattaques contre le secteur de la santé",
            "intro": (
                "<p>Quand des hôpitaux, des cliniques et des laboratoires sont attaqués, ce sont des personnes qui en "
                "subissent les conséquences\u00a0: des opérations sont reportées, des ambulances sont déroutées, des "
                "dossiers médicaux sont divulgués. Nous recueillons les témoignages des personnes touchées afin que "
                "le coût humain de ces attaques soit consigné.</p>"
            ),
            "body": (
                "<h2>Pourquoi votre témoignage compte</h2><p>Les rapports officiels recensent les systèmes touchés "
                "et les jours d'interruption. Les témoignages montrent ce que ces journées ont représenté pour les "
                "patients, leurs proches et les professionnels de santé. Les récits publiés aident les décideurs "
                "publics, les journalistes et les chercheurs à comprendre les préjudices subis.</p>"
                "<h2>Votre sécurité d'abord</h2><p>Les noms, les coordonnées et les autres données personnelles sont "
                "retirés de chaque récit avant qu'un membre de l'équipe de modération ne le lise, et rien n'est "
                "publié sans votre consentement.</p>"
            ),
        },
        "call": {
            "title": "Racontez-nous ce qui s'est passé",
            "slug": "racontez-nous",
            "show_in_menus": True,
            "intro": (
                "<p>Une cyberattaque contre un hôpital ou un autre établissement de santé a-t-elle eu des "
                "conséquences pour vous, pour l'un de vos proches ou pour votre lieu de travail\u00a0? Racontez-nous, "
                "avec vos propres mots, ce qui s'est passé et ce que cela a changé pour vous.</p>"
                "<p>Vous n'avez pas à donner votre nom. Cela prend environ dix minutes.</p>"
            ),
            "privacy_notice": (
                "<p><strong>Comment nous vous protégeons</strong></p><ul>"
                "<li>Votre témoignage est chiffré dès qu'il nous parvient.</li>"
                "<li>Les noms, les coordonnées et les identifiants sont retirés automatiquement avant qu'un membre de "
                "l'équipe de modération ne le lise.</li>"
                "<li>Rien n'est publié sans votre consentement, et vous pouvez le retirer plus tard grâce à votre "
                "reçu.</li>"
                "<li>Nous n'enregistrons pas votre adresse IP et n'utilisons aucun outil de suivi.</li></ul>"
            ),
            "consent_processing_text": (
                "J'accepte que {organisation} conserve mon témoignage de manière sécurisée et le traite afin de "
                "documenter les préjudices causés par les cyberattaques contre le secteur de la santé."
            ),
            "consent_publication_text": (
                "J'accepte que mon récit puisse être publié sur ce site une fois les informations personnelles "
                "retirées."
            ),
            "consent_contact_text": "J'accepte que l'on me contacte par e-mail au sujet de mon témoignage.",
            "consent_research_text": (
                "J'accepte que mon récit, une fois les informations personnelles retirées, puisse être communiqué à "
                "des chercheurs qui étudient les cyberattaques contre le secteur de la santé."
            ),
            "receipt_intro": "<p>Votre témoignage a été enregistré et chiffré.</p>",
        },
        "stories": {
            "title": "Témoignages",
            "slug": "temoignages",
            "show_in_menus": True,
            "intro": (
                "<p>Les récits de patients, de proches et de professionnels de santé, publiés avec leur consentement "
                "et après retrait des informations personnelles.</p>"
            ),
        },
        "privacy": {
            "title": "Confidentialité",
            "slug": "confidentialite",
            "show_in_menus": True,
            "body": (
                "<p>Nous recueillons des témoignages pour documenter le tort que les cyberattaques contre la santé "
                "font aux personnes et, si vous l'acceptez, pour les publier, les communiquer à des chercheurs ou "
                "vous contacter à leur sujet.</p>"
                "<p>Nous conservons sous forme chiffrée ce que vous nous confiez, nous en retirons les données "
                "personnelles avant que quiconque dans notre équipe ne le lise, et nous ne publions que ce à quoi "
                "vous avez consenti. Vous pouvez retirer votre consentement à tout moment grâce à la référence et au "
                "code secret que vous recevez en envoyant votre témoignage.</p>"
                "<p>Nous n'utilisons sur ce site ni outil de mesure d'audience, ni cookie de traçage, ni service "
                "tiers.</p>"
            ),
        },
    },
    "es": {
        "home": {
            "title": "Su experiencia con los ciberataques contra el sector de la salud",
            "intro": (
                "<p>Cuando se ataca a hospitales, clínicas y laboratorios, son personas las que sufren el daño: se "
                "aplazan operaciones, se desvían ambulancias, se filtran historias clínicas. Recopilamos los "
                "testimonios de las personas afectadas para que quede constancia del costo humano de estos "
                "ataques.</p>"
            ),
            "body": (
                "<h2>Por qué importa su relato</h2><p>Los informes oficiales cuentan sistemas afectados y días de "
                "interrupción. Los testimonios muestran lo que esos días significaron para pacientes, familiares y "
                "profesionales de la salud. Los relatos publicados ayudan a responsables políticos, periodistas e "
                "investigadores a comprender el daño causado.</p>"
                "<h2>Su seguridad, lo primero</h2><p>Los nombres, los datos de contacto y demás datos personales se "
                "eliminan de cada relato antes de que lo lea una persona del equipo de moderación, y no se publica "
                "nada sin su consentimiento.</p>"
            ),
        },
        "call": {
            "title": "Cuéntenos qué ocurrió",
            "slug": "cuentenos",
            "show_in_menus": True,
            "intro": (
                "<p>¿Un ciberataque contra un hospital u otra organización de salud tuvo consecuencias para usted, "
                "para alguna persona cercana o para su lugar de trabajo? Cuéntenos con sus propias palabras qué "
                "ocurrió y cómo le afectó.</p>"
                "<p>No necesita dar su nombre. Le llevará unos diez minutos.</p>"
            ),
            "privacy_notice": (
                "<p><strong>Cómo protegemos su privacidad</strong></p><ul>"
                "<li>Su testimonio se cifra en cuanto nos llega.</li>"
                "<li>Los nombres, los datos de contacto y los identificadores se eliminan automáticamente antes de "
                "que lo lea cualquier persona del equipo de moderación.</li>"
                "<li>No se publica nada sin su consentimiento, y puede retirarlo más adelante con su "
                "comprobante.</li>"
                "<li>No registramos su dirección IP ni usamos ningún tipo de rastreo.</li></ul>"
            ),
            "consent_processing_text": (
                "Acepto que {organisation} almacene mi testimonio de forma segura y lo trate para documentar el "
                "daño causado por los ciberataques contra el sector de la salud."
            ),
            "consent_publication_text": (
                "Acepto que mi relato pueda publicarse en este sitio web una vez eliminados los datos personales."
            ),
            "consent_contact_text": (
                "Acepto que se comuniquen conmigo por correo electrónico en relación con mi testimonio."
            ),
            "consent_research_text": (
                "Acepto que mi relato, una vez eliminados los datos personales, pueda compartirse con investigadores "
                "que estudian los ciberataques contra el sector de la salud."
            ),
            "receipt_intro": "<p>Su testimonio se ha almacenado y cifrado.</p>",
        },
        "stories": {
            "title": "Testimonios",
            "slug": "testimonios",
            "show_in_menus": True,
            "intro": (
                "<p>Relatos de pacientes, familiares y profesionales de la salud, publicados con su consentimiento "
                "y tras eliminar los datos personales.</p>"
            ),
        },
        "privacy": {
            "title": "Privacidad",
            "slug": "privacidad",
            "show_in_menus": True,
            "body": (
                "<p>Recogemos testimonios para documentar el daño que los ciberataques contra la sanidad causan a "
                "las personas y, si usted lo acepta, para publicarlos, compartirlos con investigadores o contactarle "
                "sobre ellos.</p>"
                "<p>Guardamos cifrado lo que nos cuenta, eliminamos los datos personales antes de que nadie de "
                "nuestro equipo lo lea y solo publicamos aquello para lo que usted dio su consentimiento. Puede "
                "retirar su consentimiento en cualquier momento con la referencia y el código secreto que recibe al "
                "enviar su testimonio.</p>"
                "<p>En este sitio web no usamos herramientas de analítica, cookies de seguimiento ni servicios de "
                "terceros.</p>"
            ),
        },
    },
}

# Facts and sources checked against the publishers' own pages; figures left empty where no
# authoritative number was published (the descriptions give the context).
DEMO_INCIDENTS: list[dict] = [
    {
        "title": "WannaCry ransomware attack on the NHS",
        "slug": "wannacry-ransomware-attack-nhs-2017",
        "attack_date": "2017-05-12",
        "disclosure_date": "2017-05-12",
        "countries": ["GB"],
        "attack_type": "ransomware",
        "threat_actor": {"name": "Lazarus Group", "type": "state", "aliases": ["Hidden Cobra", "APT38"]},
        "attribution": "attributed",
        "organisations": [{"name": "National Health Service (NHS) in England", "type": "public_health_body"}],
        "records_exposed": None,
        "days_of_disruption": None,
        "patients_affected": None,
        "care_disruption": ["appointments_cancelled", "ambulances_diverted", "systems_offline"],
        "description": (
            "On 12 May 2017 the WannaCry ransomware spread worldwide and infected computers across the NHS in England. "
            "The National Audit Office found that at least 81 of 236 trusts were affected, along with 603 primary care and other NHS organisations, including 595 GP practices. "
            "At least 6,912 appointments were known to be cancelled between 12 and 18 May, and NHS England estimated that more than 19,000 were cancelled in total. "
            "In December 2017 the UK government attributed the attack to the North Korean Lazarus Group."
        ),
        "sources": [
            {
                "url": "https://nao.org.uk/press-releases/investigation-wannacry-cyber-attack-and-the-nhs",
                "title": "Investigation: WannaCry cyber attack and the NHS",
                "publisher": "National Audit Office",
                "kind": "public_body",
            },
            {
                "url": "https://www.gov.uk/government/news/foreign-office-minister-condemns-north-korean-actor-for-wannacry-attacks",
                "title": "Foreign Office Minister condemns North Korean actor for WannaCry attacks",
                "publisher": "Foreign and Commonwealth Office",
                "kind": "public_body",
            },
            {
                "url": "https://in.reuters.com/article/usa-cyber-northkorea-britain/britain-joins-us-in-blaming-north-korea-for-wannacry-attack-idINKBN1ED1SF",
                "title": "Britain joins U.S. in blaming North Korea for 'WannaCry' attack",
                "publisher": "Reuters",
                "kind": "media",
            },
        ],
        "translations": [
            {
                "language": "fr",
                "title": "L’attaque du rançongiciel WannaCry contre le NHS",
                "description": (
                    "Le 12 mai 2017, le rançongiciel WannaCry s’est propagé dans le monde entier et a infecté des ordinateurs dans tout le NHS en Angleterre. "
                    "Le National Audit Office a établi qu’au moins 81 des 236 trusts avaient été touchés, ainsi que 603 structures de soins primaires et autres organismes du NHS, dont 595 cabinets de médecine générale. "
                    "Au moins 6 912 rendez-vous ont été annulés entre le 12 et le 18 mai, et NHS England estime que plus de 19 000 l’ont été au total. "
                    "En décembre 2017, le gouvernement britannique a attribué l’attaque au groupe nord-coréen Lazarus."
                ),
            },
            {
                "language": "es",
                "title": "El ataque del ransomware WannaCry contra el NHS",
                "description": (
                    "El 12 de mayo de 2017 el ransomware WannaCry se propagó por todo el mundo e infectó ordenadores en todo el NHS de Inglaterra. "
                    "La National Audit Office constató que al menos 81 de los 236 trusts se vieron afectados, junto con 603 centros de atención primaria y otras organizaciones del NHS, entre ellos 595 consultorios de medicina general. "
                    "Se sabe que al menos 6.912 citas se cancelaron entre el 12 y el 18 de mayo, y NHS England calculó que en total se cancelaron más de 19.000. "
                    "En diciembre de 2017 el Gobierno británico atribuyó el ataque al grupo norcoreano Lazarus."
                ),
            },
        ],
    },
    {
        "title": "Ransomware attack on Düsseldorf University Hospital",
        "slug": "dusseldorf-university-hospital-ransomware-attack-2020",
        "attack_date": "2020-09-10",
        "disclosure_date": "2020-09-17",
        "countries": ["DE"],
        "attack_type": "ransomware",
        "threat_actor": {"name": "DoppelPaymer", "type": "criminal", "aliases": []},
        "attribution": "attributed",
        "organisations": [
            {"name": "Universitätsklinikum Düsseldorf (University Hospital Düsseldorf)", "type": "hospital"},
            {"name": "Heinrich Heine University Düsseldorf", "type": "research"},
        ],
        "records_exposed": None,
        "days_of_disruption": 13,
        "patients_affected": None,
        "care_disruption": ["surgery_postponed", "ambulances_diverted", "systems_offline"],
        "description": (
            "In the early hours of 10 September 2020 the hospital's IT systems largely failed after a ransomware attack that encrypted about 30 servers. "
            "The hospital withdrew from emergency care for 13 days, postponed planned and outpatient treatment, and ambulances were sent to other hospitals. "
            "The extortion note was addressed to the affiliated Heinrich Heine University; after police told the attackers that a hospital had been hit, they provided a decryption key. "
            "The North Rhine-Westphalia justice ministry reported that the DoppelPaymer ransomware had been used."
        ),
        "sources": [
            {
                "url": "https://www.t-online.de/region/duesseldorf/news/id_88624516/nach-hacker-angriff-notaufnahme-an-duesseldorfer-uniklinik-wieder-in-betrieb.html",
                "title": "Nach Hacker-Angriff: Notaufnahme an Düsseldorfer Uniklinik wieder in Betrieb",
                "publisher": "dpa (via t-online)",
                "kind": "media",
            },
            {
                "url": "https://www.welt.de/vermischtes/article216275948/Duesseldorfer-Uniklinik-Spur-der-Hacker-fuehrt-nach-Russland.html",
                "title": "Düsseldorfer Uniklinik: Spur der Hacker führt nach Russland",
                "publisher": "Die Welt (dpa)",
                "kind": "media",
            },
            {
                "url": "https://www.ajc.com/news/nation-world/german-hospital-hacked-patient-taken-to-another-city-dies/IALCW2QIMFEGPOO6UP2UBUHM7I/",
                "title": "German hospital hacked, patient taken to another city dies",
                "publisher": "Associated Press",
                "kind": "media",
            },
        ],
        "translations": [
            {
                "language": "fr",
                "title": "L’attaque par rançongiciel contre l’hôpital universitaire de Düsseldorf",
                "description": (
                    "Aux premières heures du 10 septembre 2020, les systèmes informatiques de l’hôpital sont en grande partie tombés en panne après une attaque par rançongiciel qui a chiffré une trentaine de serveurs. "
                    "L’hôpital s’est retiré des urgences pendant 13 jours, a reporté les soins programmés et ambulatoires, et les ambulances ont été envoyées vers d’autres hôpitaux. "
                    "La demande de rançon était adressée à l’université Heinrich-Heine, à laquelle l’hôpital est rattaché ; quand la police a dit aux attaquants qu’ils avaient touché un hôpital, ils ont fourni une clé de déchiffrement. "
                    "Le ministère de la Justice de Rhénanie-du-Nord-Westphalie a indiqué que le rançongiciel DoppelPaymer avait été utilisé."
                ),
            },
            {
                "language": "es",
                "title": "El ataque de ransomware contra el Hospital Universitario de Düsseldorf",
                "description": (
                    "En la madrugada del 10 de septiembre de 2020 los sistemas informáticos del hospital dejaron de funcionar en gran parte tras un ataque de ransomware que cifró unos 30 servidores. "
                    "El hospital dejó de atender urgencias durante 13 días, aplazó la atención programada y ambulatoria, y las ambulancias se desviaron a otros hospitales. "
                    "La nota de extorsión iba dirigida a la Universidad Heinrich Heine, a la que está adscrito el hospital; cuando la policía dijo a los atacantes que habían alcanzado un hospital, entregaron una clave de descifrado. "
                    "El Ministerio de Justicia de Renania del Norte-Westfalia informó de que se había utilizado el ransomware DoppelPaymer."
                ),
            },
        ],
    },
    {
        "title": "Conti ransomware attack on Ireland's Health Service Executive",
        "slug": "hse-conti-ransomware-attack-2021",
        "attack_date": "2021-05-14",
        "disclosure_date": "2021-05-14",
        "countries": ["IE"],
        "attack_type": "ransomware",
        "threat_actor": {"name": "Conti", "type": "criminal", "aliases": ["Wizard Spider"]},
        "attribution": "attributed",
        "organisations": [{"name": "Health Service Executive (HSE)", "type": "public_health_body"}],
        "records_exposed": None,
        "days_of_disruption": None,
        "patients_affected": None,
        "care_disruption": ["appointments_cancelled", "systems_offline", "data_leaked"],
        "description": (
            "In the early hours of 14 May 2021 Conti ransomware was set off in the HSE's systems, and the HSE switched off all its IT systems and disconnected the National Healthcare Network from the internet. "
            "Healthcare professionals lost access to patient, clinical and laboratory systems, and many went back to pen and paper. "
            "The independent post-incident review by PwC found that the attackers first got in when a malicious Excel attachment in a phishing email was opened on 18 March 2021. "
            "In November 2022 the HSE began notifying about 113,000 patients and staff whose personal data had been illegally accessed and copied."
        ),
        "sources": [
            {
                "url": "https://www.lenus.ie/signposting/describedby/1bd0b513-9ffb-4b6f-94f4-cf68116c1e89",
                "title": "Conti cyber attack on the HSE: Independent Post Incident Review (PwC, December 2021)",
                "publisher": "PwC for the HSE",
                "kind": "victim_statement",
            },
            {
                "url": "https://www.hse.ie/eng/services/news/media/pressrel/hse-begins-national-data-breach-notification-programme.html",
                "title": "HSE begins national data breach notification programme",
                "publisher": "Health Service Executive",
                "kind": "victim_statement",
            },
            {
                "url": "https://www.rte.ie/news/analysis-and-comment/2022/0506/1296538-cybersecurity-ireland/",
                "title": "One year on from the HSE cyberattack",
                "publisher": "RTÉ News",
                "kind": "media",
            },
        ],
        "translations": [
            {
                "language": "fr",
                "title": "L’attaque du rançongiciel Conti contre le service de santé irlandais (HSE)",
                "description": (
                    "Aux premières heures du 14 mai 2021, le rançongiciel Conti a été déclenché dans les systèmes du HSE, qui a éteint tous ses systèmes informatiques et coupé le National Healthcare Network d’Internet. "
                    "Les soignants ont perdu l’accès aux systèmes des patients, cliniques et de laboratoire, et beaucoup sont revenus au papier et au stylo. "
                    "L’examen indépendant mené par PwC après l’incident a établi que les attaquants étaient entrés le 18 mars 2021, à l’ouverture d’une pièce jointe Excel malveillante reçue par hameçonnage. "
                    "En novembre 2022, le HSE a commencé à prévenir environ 113 000 patients et membres du personnel dont les données personnelles avaient été consultées et copiées illégalement."
                ),
            },
            {
                "language": "es",
                "title": "El ataque del ransomware Conti contra el servicio de salud irlandés (HSE)",
                "description": (
                    "En la madrugada del 14 de mayo de 2021 se activó el ransomware Conti en los sistemas del HSE, que apagó todos sus sistemas informáticos y desconectó de internet la National Healthcare Network. "
                    "Los profesionales sanitarios perdieron el acceso a los sistemas de pacientes, clínicos y de laboratorio, y muchos volvieron al papel y el bolígrafo. "
                    "La revisión independiente de PwC posterior al incidente concluyó que los atacantes entraron el 18 de marzo de 2021, al abrirse un adjunto de Excel malicioso recibido en un correo de phishing. "
                    "En noviembre de 2022 el HSE empezó a avisar a unos 113.000 pacientes y empleados cuyos datos personales se habían consultado y copiado ilegalmente."
                ),
            },
        ],
    },
    {
        "title": "Qilin ransomware attack on Synnovis pathology services",
        "slug": "synnovis-ransomware-attack-2024",
        "attack_date": "2024-06-03",
        "disclosure_date": "2024-06-04",
        "countries": ["GB"],
        "attack_type": "ransomware",
        "threat_actor": {"name": "Qilin", "type": "criminal", "aliases": ["Agenda"]},
        "attribution": "claimed",
        "organisations": [
            {"name": "Synnovis", "type": "laboratory"},
            {"name": "King's College Hospital NHS Foundation Trust", "type": "hospital"},
            {"name": "Guy's and St Thomas' NHS Foundation Trust", "type": "hospital"},
        ],
        "records_exposed": None,
        "days_of_disruption": None,
        "patients_affected": None,
        "care_disruption": ["appointments_cancelled", "surgery_postponed", "systems_offline", "data_leaked"],
        "description": (
            "On 3 June 2024 Synnovis, a pathology partnership between SYNLAB, Guy's and St Thomas' NHS Foundation Trust and King's College Hospital NHS Foundation Trust, was hit by a ransomware attack that affected almost all its IT systems. "
            "The attack sharply reduced capacity for blood tests and other pathology work in south east London, and operations and appointments were postponed. "
            "By mid-August 2024 NHS England London reported that 10,054 acute outpatient appointments and 1,693 elective procedures had been postponed at the two most affected trusts. "
            "The group that claimed the attack published stolen data online around 20 June 2024, and Synnovis confirmed the data had been taken from its systems."
        ),
        "sources": [
            {
                "url": "https://england.nhs.uk/london/2024/06/04/nhs-london-statement-on-synnovis-ransomware-cyber-attack",
                "title": "NHS London statement on Synnovis ransomware cyber attack",
                "publisher": "NHS England",
                "kind": "public_body",
            },
            {
                "url": "https://england.nhs.uk/london/2024/08/15/update-on-cyber-incident-clinical-impact-in-south-east-london-thursday-15-august/",
                "title": "Update on cyber incident: clinical impact in south east London, 15 August",
                "publisher": "NHS England",
                "kind": "public_body",
            },
            {
                "url": "https://www.synnovis.co.uk/news-and-press/cyberattack-update-24-june-2024",
                "title": "Cyberattack update: 24 June 2024",
                "publisher": "Synnovis",
                "kind": "victim_statement",
            },
        ],
        "translations": [
            {
                "language": "fr",
                "title": "L’attaque du rançongiciel Qilin contre les laboratoires Synnovis",
                "description": (
                    "Le 3 juin 2024, Synnovis, partenariat d’analyses médicales entre SYNLAB, le Guy’s and St Thomas’ NHS Foundation Trust et le King’s College Hospital NHS Foundation Trust, a été frappé par une attaque par rançongiciel qui a touché presque tous ses systèmes informatiques. "
                    "L’attaque a fortement réduit les capacités d’analyses sanguines et d’autres examens de laboratoire dans le sud-est de Londres, et des opérations et des rendez-vous ont été reportés. "
                    "À la mi-août 2024, NHS England London indiquait que 10 054 consultations externes et 1 693 interventions programmées avaient été reportées dans les deux trusts les plus touchés. "
                    "Le groupe qui a revendiqué l’attaque a publié des données volées en ligne vers le 20 juin 2024, et Synnovis a confirmé qu’elles provenaient de ses systèmes."
                ),
            },
            {
                "language": "es",
                "title": "El ataque del ransomware Qilin contra los laboratorios Synnovis",
                "description": (
                    "El 3 de junio de 2024 Synnovis, una alianza de análisis clínicos entre SYNLAB, el Guy’s and St Thomas’ NHS Foundation Trust y el King’s College Hospital NHS Foundation Trust, sufrió un ataque de ransomware que afectó a casi todos sus sistemas informáticos. "
                    "El ataque redujo drásticamente la capacidad de hacer análisis de sangre y otras pruebas de laboratorio en el sureste de Londres, y se aplazaron operaciones y citas. "
                    "A mediados de agosto de 2024 NHS England London informó de que se habían aplazado 10.054 consultas externas y 1.693 intervenciones programadas en los dos trusts más afectados. "
                    "El grupo que reivindicó el ataque publicó datos robados en internet hacia el 20 de junio de 2024, y Synnovis confirmó que procedían de sus sistemas."
                ),
            },
        ],
    },
    {
        "title": "ALPHV/BlackCat ransomware attack on Change Healthcare",
        "slug": "change-healthcare-ransomware-attack-2024",
        "attack_date": "2024-02-21",
        "disclosure_date": "2024-02-22",
        "countries": ["US"],
        "attack_type": "ransomware",
        "threat_actor": {"name": "ALPHV", "type": "criminal", "aliases": ["BlackCat", "Noberus"]},
        "attribution": "claimed",
        "organisations": [{"name": "Change Healthcare (UnitedHealth Group)", "type": "other"}],
        "records_exposed": None,
        "days_of_disruption": None,
        "patients_affected": None,
        "care_disruption": ["systems_offline", "data_leaked"],
        "description": (
            "On 21 February 2024 Change Healthcare, a UnitedHealth Group subsidiary that processes health insurance claims and payments, found ransomware in its systems and disconnected them, disrupting pharmacy, claims and payment services across the United States. "
            "The company later confirmed that a large amount of data had been taken from its systems between 17 and 20 February 2024. "
            "UnitedHealth said the attack was carried out by a cybercrime group that presented itself as ALPHV/BlackCat. "
            "The HHS Office for Civil Rights opened an investigation, and Change Healthcare said the stolen data covered a substantial proportion of people in America."
        ),
        "sources": [
            {
                "url": "https://www.hhs.gov/hipaa/for-professionals/special-topics/change-healthcare-cybersecurity-incident-frequently-asked-questions/index.html",
                "title": "Change Healthcare Cybersecurity Incident Frequently Asked Questions",
                "publisher": "U.S. Department of Health and Human Services, Office for Civil Rights",
                "kind": "public_body",
            },
            {
                "url": "https://therecord.media/change-healthcare-ransomware-attack-blackcat-alphv",
                "title": "Change Healthcare confirms Blackcat/AlphV behind ransomware attack",
                "publisher": "The Record",
                "kind": "media",
            },
        ],
        "translations": [
            {
                "language": "fr",
                "title": "L’attaque du rançongiciel ALPHV/BlackCat contre Change Healthcare",
                "description": (
                    "Le 21 février 2024, Change Healthcare, filiale de UnitedHealth Group qui traite les demandes de remboursement et les paiements de l’assurance maladie, a découvert un rançongiciel dans ses systèmes et les a déconnectés, perturbant les services de pharmacie, de remboursement et de paiement dans tous les États-Unis. "
                    "L’entreprise a ensuite confirmé qu’une grande quantité de données avait été dérobée dans ses systèmes entre le 17 et le 20 février 2024. "
                    "UnitedHealth a déclaré que l’attaque avait été menée par un groupe cybercriminel se présentant comme ALPHV/BlackCat. "
                    "L’Office for Civil Rights du HHS a ouvert une enquête, et Change Healthcare a indiqué que les données volées concernaient une part importante de la population américaine."
                ),
            },
            {
                "language": "es",
                "title": "El ataque del ransomware ALPHV/BlackCat contra Change Healthcare",
                "description": (
                    "El 21 de febrero de 2024 Change Healthcare, filial de UnitedHealth Group que tramita reclamaciones y pagos de seguros médicos, detectó ransomware en sus sistemas y los desconectó, lo que interrumpió los servicios de farmacia, reclamaciones y pagos en todo Estados Unidos. "
                    "La empresa confirmó después que entre el 17 y el 20 de febrero de 2024 se había sustraído una gran cantidad de datos de sus sistemas. "
                    "UnitedHealth afirmó que el ataque lo llevó a cabo un grupo cibercriminal que se presentaba como ALPHV/BlackCat. "
                    "La Office for Civil Rights del HHS abrió una investigación, y Change Healthcare señaló que los datos robados afectaban a una parte considerable de la población de Estados Unidos."
                ),
            },
        ],
    },
]

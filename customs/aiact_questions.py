"""The AI Act decision aid as data: questions, answers, articles, duties and outcomes.

Follows the structure of the Dutch government's "Beslishulp AI-verordening" (MinBZK,
release v1.2.24 of 5 August 2026, decision-tree.yaml with the AI omnibus changes): role,
whether the tool is an AI system at all (with the three questions of "I don't know"),
exemptions, general-purpose AI models, the prohibited practices of Art. 5, high risk through
Annex I and every area of Annex III with the Art. 6(3) exceptions, and the transparency duties
of Art. 50. The source column names the decision aid's own question number.

Everything here is plain data; `customs.aiact` walks it. A question is asked when its
`show_if` holds for the labels the earlier answers gave (`any`: one of them, `all`: each of
them, `none`: none of them). An answer adds `labels`, gives a `reason` with its `article`, and
may `stop` the walk with an outcome category. A duty applies when its `when` holds for the
labels at the end.
"""

from django.utils.translation import gettext_lazy as _

DECISION_AID = {
    "name": "Beslishulp AI-verordening",
    "publisher": "Ministerie van BZK",
    "release": "v1.2.24",
    "date": "2026-08-05",
}

# Outcome categories, strongest first (customs.constants.AiActCategory has the labels).
CATEGORY_BY_LABEL = [
    ("prohibited", "prohibited"),
    ("high_risk", "high"),
    ("transparency", "transparency"),
    ("gpai_model", "gpai_model"),
]
DEFAULT_CATEGORY = "minimal"

AI = ["ai_system", "gpai_system"]

QUESTIONS = [
    # --- Step 1: does the AI Act apply, and in which role? -------------------------------
    {
        "id": "role", "source": "1.2", "kind": "single", "show_if": {},
        "text": _("AI Act: what is the municipality's role for this tool?"),
        "help": _("A municipality that changes a bought tool substantially, or has one built, "
                  "becomes its provider."),
        "answers": [
            {"id": "deployer", "labels": ["deployer"], "article": "Art. 3(4)",
             "text": _("We use a tool developed by someone else, without changing it "
                       "(deployer)"),
             "reason": _("The municipality uses the tool under its own authority: deployer.")},
            {"id": "deployer_modified", "labels": ["deployer", "provider"],
             "article": "Art. 25(1)",
             "text": _("We use a tool developed by someone else and change it substantially "
                       "(deployer and provider)"),
             "reason": _("A substantial change to a bought tool makes the municipality its "
                         "provider as well.")},
            {"id": "provider_deployer", "labels": ["deployer", "provider"],
             "article": "Art. 3(3), 3(4)",
             "text": _("We develop it, or have it developed, and use it ourselves (provider "
                       "and deployer)"),
             "reason": _("The municipality develops the tool and uses it: provider and "
                         "deployer.")},
            {"id": "provider", "labels": ["provider"], "article": "Art. 3(3)",
             "text": _("We develop it, or have it developed, for others to use (provider)"),
             "reason": _("The municipality develops the tool for others: provider.")},
            {"id": "none", "stop": "out_of_scope", "article": "Art. 2(1)",
             "text": _("None of these"),
             "reason": _("Neither provider nor deployer: the AI Act places no duties on the "
                         "municipality. Check carefully that no role applies after all.")},
        ],
    },
    {
        "id": "system_type", "source": "1.4.1, 1.4.2", "kind": "single", "show_if": {},
        "text": _("AI Act: what kind of application is it?"),
        "help": _("An AI system infers from its input how to produce predictions, content, "
                  "recommendations or decisions. Fixed rules written by people, a formula or "
                  "a dashboard of statistics are not AI systems."),
        "answers": [
            {"id": "ai_system", "labels": ["ai_system"], "article": "Art. 3(1)",
             "text": _("An AI system for a specific purpose"),
             "reason": _("The tool is an AI system.")},
            {"id": "gpai_system", "labels": ["gpai_system"], "article": "Art. 3(66)",
             "text": _("A general-purpose AI system, such as Copilot or another AI assistant"),
             "reason": _("The tool is a general-purpose AI system.")},
            {"id": "gpai_model", "labels": ["gpai_model"], "article": "Art. 3(63)",
             "text": _("A general-purpose AI model that we build on or build in, such as a "
                       "language model through an API"),
             "reason": _("The tool is a general-purpose AI model.")},
            {"id": "not_ai", "stop": "not_ai", "article": "Art. 3(1)",
             "text": _("No AI: fixed rules written by people, a formula, statistics or a "
                       "dashboard"),
             "reason": _("Fixed rules written by people, a formula or descriptive statistics "
                         "are not an AI system (recital 12).")},
            {"id": "unknown", "labels": ["type_unknown"],
             "text": _("I don't know (three more questions decide it)")},
        ],
    },
    {
        "id": "rules_by_people", "source": "1.6.1", "kind": "single",
        "show_if": {"any": ["type_unknown"]},
        "text": _("Is the tool based only on rules that people defined to automate a task, "
                  "rules not derived from data or knowledge?"),
        "help": _("For example a spreadsheet formula, a decision table or an average: "
                  "elementary data processing without learning, reasoning or modelling."),
        "answers": [
            {"id": "yes", "stop": "not_ai", "article": "Art. 3(1)", "text": _("Yes"),
             "reason": _("Only rules defined by people, not derived from data: not an AI "
                         "system (recital 12).")},
            {"id": "no", "labels": ["not_rule_based"], "text": _("No")},
        ],
    },
    {
        "id": "infers", "source": "1.6.2", "kind": "single",
        "show_if": {"any": ["not_rule_based"]},
        "text": _("Does the tool infer from its input, for example by predicting, "
                  "classifying, scoring or generating content?"),
        "help": _("Any technique counts, also a scorecard with weights set by experts."),
        "answers": [
            {"id": "yes", "labels": ["infers"], "text": _("Yes")},
            {"id": "no", "stop": "not_ai", "article": "Art. 3(1)", "text": _("No"),
             "reason": _("The tool makes no inferences: not an AI system.")},
        ],
    },
    {
        "id": "influences", "source": "1.6.3", "kind": "single",
        "show_if": {"any": ["infers"]},
        "text": _("Can the output influence its environment, through an action or a decision "
                  "that follows from it?"),
        "answers": [
            {"id": "yes", "labels": ["ai_system"], "article": "Art. 3(1)", "text": _("Yes"),
             "reason": _("It infers from its input and its output influences its "
                         "environment: an AI system.")},
            {"id": "no", "stop": "not_ai", "article": "Art. 3(1)", "text": _("No"),
             "reason": _("The output influences no environment: not an AI system.")},
        ],
    },
    {
        "id": "exemption", "source": "1.5", "kind": "single",
        "show_if": {"any": ["ai_system", "gpai_system", "gpai_model"]},
        "text": _("Does one of the exemptions of the AI Act apply?"),
        "answers": [
            {"id": "none", "text": _("No exemption applies")},
            {"id": "defence", "stop": "out_of_scope", "article": "Art. 2(3)",
             "text": _("Exclusively military, defence or national security purposes"),
             "reason": _("Exclusively for military, defence or national security purposes: "
                         "outside the AI Act.")},
            {"id": "research", "stop": "out_of_scope", "article": "Art. 2(6)",
             "text": _("Developed and used only for scientific research"),
             "reason": _("Only for scientific research and development: outside the AI "
                         "Act.")},
            {"id": "testing", "stop": "out_of_scope", "article": "Art. 2(8)",
             "text": _("Research, testing or development before it is put into use (not "
                       "testing in real-world conditions)"),
             "reason": _("Research, testing or development before being put into use: "
                         "outside the AI Act until then.")},
        ],
    },
    {
        "id": "systemic_risk", "source": "2.8", "kind": "single",
        "show_if": {"all": ["gpai_model", "provider"]},
        "text": _("Was the model trained with more than 10^25 floating point operations, or "
                  "did the Commission designate it as having systemic risk?"),
        "answers": [
            {"id": "yes", "labels": ["systemic_risk"], "article": "Art. 51",
             "text": _("Yes"),
             "reason": _("A general-purpose AI model with systemic risk.")},
            {"id": "no", "text": _("No")},
        ],
    },
    {
        "id": "open_source", "source": "2.11", "kind": "single",
        "show_if": {"all": ["gpai_model", "provider"], "none": ["systemic_risk"]},
        "text": _("Is the model shared under a free and open-source licence, with its "
                  "parameters public?"),
        "answers": [
            {"id": "yes", "labels": ["open_source"], "article": "Art. 53(2)",
             "text": _("Yes"),
             "reason": _("An open-source model: part of the provider duties do not apply.")},
            {"id": "no", "text": _("No")},
        ],
    },
    # --- Step 2: prohibited practices (Art. 5) -------------------------------------------
    {
        "id": "prohibited", "source": "2.1", "kind": "multi", "show_if": {"any": AI},
        "text": _("Is the tool used for one of these practices? (prohibited, Art. 5)"),
        "help": _("Tick every practice that applies, or only the last option."),
        "answers": [
            {"id": "manipulation", "stop": "prohibited", "article": "Art. 5(1)(a)",
             "text": _("Subliminal, manipulative or deceptive techniques that distort "
                       "people's behaviour and can cause significant harm"),
             "reason": _("Manipulation with subliminal or deceptive techniques is "
                         "prohibited.")},
            {"id": "vulnerabilities", "stop": "prohibited", "article": "Art. 5(1)(b)",
             "text": _("Exploiting vulnerabilities of age, disability or a social or "
                       "economic situation to distort behaviour"),
             "reason": _("Exploiting people's vulnerabilities is prohibited.")},
            {"id": "social_scoring", "stop": "prohibited", "article": "Art. 5(1)(c)",
             "text": _("Scoring or classifying people over time on their social behaviour or "
                       "personal traits (social scoring)"),
             "reason": _("Social scoring is prohibited.")},
            {"id": "crime_prediction", "stop": "prohibited", "article": "Art. 5(1)(d)",
             "text": _("Predicting whether someone will commit a crime based only on "
                       "profiling or personality traits"),
             "reason": _("Predicting crime from profiling or personality traits is "
                         "prohibited.")},
            {"id": "face_scraping", "stop": "prohibited", "article": "Art. 5(1)(e)",
             "text": _("Building or expanding a facial recognition database by untargeted "
                       "scraping of images from the internet or CCTV"),
             "reason": _("Untargeted scraping of facial images is prohibited.")},
            {"id": "emotion_work", "stop": "prohibited", "article": "Art. 5(1)(f)",
             "text": _("Recognising emotions of people at work or in education (not for "
                       "medical or safety reasons)"),
             "reason": _("Emotion recognition at work or in education is prohibited.")},
            {"id": "biometric_sensitive", "stop": "prohibited", "article": "Art. 5(1)(g)",
             "text": _("Biometric categorisation to infer race, political opinions, trade "
                       "union membership, religion or beliefs, sex life or sexual "
                       "orientation"),
             "reason": _("Biometric categorisation by sensitive characteristics is "
                         "prohibited.")},
            {"id": "realtime_rbi", "labels": ["realtime_rbi"], "article": "Art. 5(1)(h)",
             "text": _("Real-time remote biometric identification in publicly accessible "
                       "spaces for law enforcement")},
            {"id": "nudify", "stop": "prohibited", "article": "Art. 5 (AI omnibus)",
             "text": _("Generating realistic sexual images, video or audio of identifiable "
                       "people without their explicit consent"),
             "reason": _("Generating sexual images of identifiable people without consent is "
                         "prohibited.")},
            {"id": "none", "exclusive": True, "text": _("None of these")},
        ],
    },
    {
        "id": "rbi_exception", "source": "2.2", "kind": "single",
        "show_if": {"any": ["realtime_rbi"]},
        "text": _("Is it used only for one of the exceptions: the targeted search for "
                  "victims or missing persons, preventing an imminent threat to life or a "
                  "terrorist attack, or locating suspects of the serious crimes listed in "
                  "Annex II?"),
        "answers": [
            {"id": "yes", "labels": ["rbi_exception"], "article": "Art. 5(1)(h), 5(2)-(3)",
             "text": _("Yes"),
             "reason": _("Real-time remote biometric identification only within the "
                         "exceptions of the law-enforcement prohibition.")},
            {"id": "no", "stop": "prohibited", "article": "Art. 5(1)(h)", "text": _("No"),
             "reason": _("Real-time remote biometric identification in public spaces is "
                         "prohibited.")},
        ],
    },
    # --- Step 2: high risk (Annex I and Annex III) --------------------------------------
    {
        "id": "annex_i", "source": "2.3", "kind": "single", "show_if": {"any": AI},
        "text": _("Is the tool a safety component of a product under EU product safety law "
                  "(Annex I), or such a product itself?"),
        "answers": [
            {"id": "no", "text": _("No")},
            {"id": "section_a", "labels": ["high_risk", "annex_i"],
             "article": "Art. 6(1), Annex I section A",
             "text": _("Yes, section A: machinery, toys, lifts, radio equipment, pressure "
                       "equipment, medical devices, gas appliances and the like"),
             "reason": _("A safety component of a product under Annex I section A: high "
                         "risk.")},
            {"id": "section_b", "labels": ["high_risk", "annex_i"],
             "article": "Art. 6(1), Annex I section B",
             "text": _("Yes, section B: civil aviation, vehicles, marine equipment, rail"),
             "reason": _("A safety component of a product under Annex I section B: high "
                         "risk.")},
        ],
    },
    {
        "id": "annex_iii", "source": "2.4", "kind": "multi", "show_if": {"any": AI},
        "text": _("Is the tool meant for one of these uses? (high risk, Annex III)"),
        "help": _("Tick every use that applies, or only the last option."),
        "answers": [
            {"id": "1a", "labels": ["annex_iii"], "article": "Annex III point 1(a)",
             "text": _("Biometrics: remote biometric identification of people"),
             "reason": _("Remote biometric identification (biometrics).")},
            {"id": "1b", "labels": ["annex_iii"], "article": "Annex III point 1(b)",
             "text": _("Biometrics: categorising people by sensitive or protected "
                       "characteristics"),
             "reason": _("Biometric categorisation (biometrics).")},
            {"id": "1c", "labels": ["annex_iii"], "article": "Annex III point 1(c)",
             "text": _("Biometrics: recognising emotions (outside work and education)"),
             "reason": _("Emotion recognition (biometrics).")},
            {"id": "2", "labels": ["annex_iii"], "article": "Annex III point 2",
             "text": _("Critical infrastructure: safety component in digital infrastructure, "
                       "road traffic, or the supply of water, gas, heating or electricity"),
             "reason": _("A safety component of critical infrastructure.")},
            {"id": "3", "labels": ["annex_iii"], "article": "Annex III point 3",
             "text": _("Education: admission, assessing learning outcomes or level, or "
                       "monitoring pupils during tests"),
             "reason": _("Education and vocational training.")},
            {"id": "4a", "labels": ["annex_iii"], "article": "Annex III point 4(a)",
             "text": _("Employment: recruitment or selection, such as targeted vacancies, "
                       "screening applications or evaluating candidates"),
             "reason": _("Recruitment and selection of staff (employment).")},
            {"id": "4b", "labels": ["annex_iii"], "article": "Annex III point 4(b)",
             "text": _("Employment: decisions on working conditions, promotion or dismissal, "
                       "allocating tasks, or monitoring and evaluating employees"),
             "reason": _("Decisions about employees and their performance (employment).")},
            {"id": "5a", "labels": ["annex_iii"], "article": "Annex III point 5(a)",
             "text": _("Public services: deciding on access to social benefits and services "
                       "(granting, reducing, revoking or reclaiming them)"),
             "reason": _("Eligibility for public assistance benefits and services.")},
            {"id": "5b", "labels": ["annex_iii"], "article": "Annex III point 5(b)",
             "text": _("Essential services: creditworthiness or credit score"),
             "reason": _("Creditworthiness of people.")},
            {"id": "5c", "labels": ["annex_iii"], "article": "Annex III point 5(c)",
             "text": _("Essential services: risk and pricing of life or health insurance"),
             "reason": _("Risk assessment and pricing of life and health insurance.")},
            {"id": "5d", "labels": ["annex_iii"], "article": "Annex III point 5(d)",
             "text": _("Emergency services: evaluating emergency calls or dispatching "
                       "police, fire service or ambulance"),
             "reason": _("Emergency calls and dispatch of emergency services.")},
            {"id": "6", "labels": ["annex_iii"], "article": "Annex III point 6",
             "text": _("Law enforcement: risk of becoming a victim or offender, polygraphs, "
                       "evaluating evidence, profiling in investigations"),
             "reason": _("Use by or on behalf of law enforcement.")},
            {"id": "7", "labels": ["annex_iii"], "article": "Annex III point 7",
             "text": _("Migration, asylum and border control"),
             "reason": _("Migration, asylum and border control management.")},
            {"id": "8a", "labels": ["annex_iii"], "article": "Annex III point 8(a)",
             "text": _("Justice: helping a court or dispute resolution body research and "
                       "interpret facts and the law"),
             "reason": _("Administration of justice.")},
            {"id": "8b", "labels": ["annex_iii"], "article": "Annex III point 8(b)",
             "text": _("Democratic processes: influencing the outcome of an election or "
                       "referendum or how people vote"),
             "reason": _("Influencing elections, referendums or voting behaviour.")},
            {"id": "none", "exclusive": True, "text": _("None of these")},
        ],
    },
    {
        "id": "annex_iii_profiling", "source": "2.5", "kind": "single",
        "show_if": {"any": ["annex_iii"]},
        "text": _("In that use, does the tool profile people (evaluate personal aspects such "
                  "as work performance, economic situation, health, behaviour or "
                  "location)?"),
        "answers": [
            {"id": "yes", "labels": ["high_risk"], "article": "Art. 6(3)",
             "text": _("Yes"),
             "reason": _("An Annex III use that profiles people is always high risk.")},
            {"id": "no", "labels": ["no_profiling"], "text": _("No")},
        ],
    },
    {
        "id": "annex_iii_exception", "source": "2.6", "kind": "single",
        "show_if": {"all": ["annex_iii", "no_profiling"]},
        "text": _("Does the tool only do one of these, without a significant risk of harm to "
                  "health, safety or fundamental rights?"),
        "answers": [
            {"id": "none", "labels": ["high_risk"], "article": "Art. 6(2)",
             "text": _("None of these: it does more"),
             "reason": _("An Annex III use without an exception: high risk.")},
            {"id": "procedural", "labels": ["annex_iii_exception"], "article": "Art. 6(3)(a)",
             "text": _("A narrow procedural task"),
             "reason": _("Only a narrow procedural task: not high risk (the assessment must be "
                         "documented).")},
            {"id": "improve", "labels": ["annex_iii_exception"], "article": "Art. 6(3)(b)",
             "text": _("Improving the result of a previously completed human activity"),
             "reason": _("Only improves the result of completed human work: not high risk "
                         "(the assessment must be documented).")},
            {"id": "patterns", "labels": ["annex_iii_exception"], "article": "Art. 6(3)(c)",
             "text": _("Detecting decision patterns or deviations, without replacing or "
                       "influencing the human assessment without proper human review"),
             "reason": _("Only detects decision patterns, with human review: not high risk "
                         "(the assessment must be documented).")},
            {"id": "preparatory", "labels": ["annex_iii_exception"],
             "article": "Art. 6(3)(d)",
             "text": _("A preparatory task for an assessment in one of the uses above"),
             "reason": _("Only a preparatory task: not high risk (the assessment must be "
                         "documented).")},
        ],
    },
    # --- Step 2: transparency (Art. 50) ----------------------------------------------
    {
        "id": "transparency", "source": "2.9", "kind": "multi", "show_if": {"any": AI},
        "text": _("Does one of these apply? (transparency duties, Art. 50)"),
        "help": _("Tick every case that applies, or only the last option."),
        "answers": [
            {"id": "chatbot", "labels": ["transparency", "t_chatbot"],
             "article": "Art. 50(1)",
             "text": _("It talks with people directly, such as a chatbot for residents"),
             "reason": _("People interact with the AI system directly.")},
            {"id": "synthetic", "labels": ["transparency", "t_synthetic"],
             "article": "Art. 50(2)",
             "text": _("It generates synthetic audio, images, video or text"),
             "reason": _("The system generates synthetic content.")},
            {"id": "deepfake", "labels": ["transparency", "t_synthetic", "t_deepfake"],
             "article": "Art. 50(2), 50(4)",
             "text": _("Generated or manipulated images, audio or video are published or "
                       "shown to others (deepfake)"),
             "reason": _("Generated or manipulated images, audio or video reach others.")},
            {"id": "public_text", "labels": ["transparency", "t_synthetic", "t_public_text"],
             "article": "Art. 50(2), 50(4)",
             "text": _("Generated text is published to inform the public on matters of "
                       "public interest"),
             "reason": _("Generated text informs the public on matters of public interest.")},
            {"id": "emotion_biometric", "labels": ["transparency", "t_emotion"],
             "article": "Art. 50(3)",
             "text": _("It recognises emotions or categorises people on biometric data"),
             "reason": _("Emotion recognition or biometric categorisation.")},
            {"id": "none", "exclusive": True, "text": _("None of these")},
        ],
    },
    {
        "id": "transparency_exception", "source": "2.10", "kind": "single",
        "show_if": {"any": ["transparency"]},
        "text": _("Is the use authorised by law to detect, prevent, investigate or prosecute "
                  "criminal offences?"),
        "answers": [
            {"id": "yes", "labels": ["transparency_exempt"], "article": "Art. 50(1)-(4)",
             "text": _("Yes"),
             "reason": _("Authorised by law for criminal offences: the transparency duties "
                         "do not apply.")},
            {"id": "no", "text": _("No")},
        ],
    },
]

# The duties that follow, per situation (labels at the end of the walk).
DUTIES = [
    {"id": "stop_use", "when": {"any": ["prohibited"]}, "article": "Art. 5, Art. 113",
     "text": _("Do not use it, or stop using it: the practice is prohibited since "
               "2 February 2025.")},
    {"id": "literacy", "when": {"any": AI, "none": ["prohibited"]}, "article": "Art. 4",
     "text": _("AI literacy: everyone who works with the tool has sufficient knowledge of "
               "it, fitting their role.")},
    {"id": "rbi_authorisation", "when": {"all": ["rbi_exception"], "none": ["prohibited"]},
     "article": "Art. 5(2)-(7)",
     "text": _("Prior authorisation by a court or independent authority for every use, a "
               "fundamental rights impact assessment and registration.")},
    # High risk, deployer (Art. 26 and 27)
    {"id": "deployer_instructions", "when": {"all": ["high_risk", "deployer"]},
     "article": "Art. 26(1)-(2)",
     "text": _("Use it according to the provider's instructions, with human oversight by "
               "competent, trained staff with authority.")},
    {"id": "deployer_input", "when": {"all": ["high_risk", "deployer"]},
     "article": "Art. 26(4)",
     "text": _("Make sure the input data you control are relevant and representative.")},
    {"id": "deployer_monitor", "when": {"all": ["high_risk", "deployer"]},
     "article": "Art. 26(5)-(6)",
     "text": _("Monitor its working, report serious incidents, and keep the logs for at "
               "least six months.")},
    {"id": "deployer_workers", "when": {"all": ["high_risk", "deployer"]},
     "article": "Art. 26(7)",
     "text": _("Before use at work, inform the works council and the employees concerned.")},
    {"id": "deployer_register", "when": {"all": ["high_risk", "deployer"]},
     "article": "Art. 26(8), Art. 49(3)",
     "text": _("As a public authority, register the use in the EU database; do not use a "
               "high-risk system that is not registered there.")},
    {"id": "deployer_dpia", "when": {"all": ["high_risk", "deployer"]},
     "article": "Art. 26(9)",
     "text": _("Carry out a DPIA, using the provider's information.")},
    {"id": "deployer_inform", "when": {"all": ["high_risk", "deployer"]},
     "article": "Art. 26(11)",
     "text": _("Tell the people it helps decide about that a high-risk AI system is used.")},
    {"id": "deployer_fria", "when": {"all": ["high_risk", "deployer"]},
     "article": "Art. 27",
     "text": _("Before first use, assess the impact on fundamental rights (in the "
               "Netherlands: the IAMA).")},
    # High risk, provider (Art. 16)
    {"id": "provider_requirements", "when": {"all": ["high_risk", "provider"]},
     "article": "Art. 8-15",
     "text": _("Meet the requirements: risk management, data governance, technical "
               "documentation, logging, transparency, human oversight, accuracy and "
               "security.")},
    {"id": "provider_quality", "when": {"all": ["high_risk", "provider"]},
     "article": "Art. 16-19",
     "text": _("Have a quality management system, keep the documentation and the logs.")},
    {"id": "provider_conformity", "when": {"all": ["high_risk", "provider"]},
     "article": "Art. 43, 47, 48",
     "text": _("Have the conformity assessment done, draw up the EU declaration of "
               "conformity and affix the CE marking.")},
    {"id": "provider_register", "when": {"all": ["high_risk", "provider"]},
     "article": "Art. 49(1)",
     "text": _("Register the system in the EU database before putting it into use.")},
    {"id": "provider_corrective", "when": {"all": ["high_risk", "provider"]},
     "article": "Art. 20, Art. 72",
     "text": _("Monitor it after release and take corrective action when it does not "
               "comply.")},
    {"id": "not_high_documented", "when": {"all": ["annex_iii_exception"],
                                           "none": ["high_risk"]},
     "article": "Art. 6(4), Art. 49(2)",
     "text": _("Document why the Annex III use is not high risk before use, and register "
               "it in the EU database.")},
    # Transparency (Art. 50)
    {"id": "t_chatbot", "when": {"all": ["t_chatbot"], "none": ["transparency_exempt"]},
     "article": "Art. 50(1)",
     "text": _("Tell people that they are talking with an AI system, unless that is "
               "obvious.")},
    {"id": "t_synthetic", "when": {"all": ["t_synthetic"], "none": ["transparency_exempt"]},
     "article": "Art. 50(2)",
     "text": _("Generated audio, images, video and text are marked as artificially "
               "generated in a machine-readable way (the provider's duty: check that the "
               "tool does it).")},
    {"id": "t_emotion", "when": {"all": ["t_emotion"], "none": ["transparency_exempt"]},
     "article": "Art. 50(3)",
     "text": _("Inform the people exposed to emotion recognition or biometric "
               "categorisation, and process their data under the GDPR.")},
    {"id": "t_deepfake", "when": {"all": ["t_deepfake"], "none": ["transparency_exempt"]},
     "article": "Art. 50(4)",
     "text": _("Disclose that the images, audio or video were generated or manipulated "
               "with AI.")},
    {"id": "t_public_text", "when": {"all": ["t_public_text"],
                                     "none": ["transparency_exempt"]},
     "article": "Art. 50(4)",
     "text": _("Disclose that published text was generated with AI, unless a person "
               "reviewed it and the municipality takes editorial responsibility.")},
    # General-purpose AI models
    {"id": "gpai_provider", "when": {"all": ["gpai_model", "provider"],
                                     "none": ["open_source"]},
     "article": "Art. 53(1)",
     "text": _("Keep technical documentation, inform downstream providers, have a "
               "copyright policy and publish a summary of the training content.")},
    {"id": "gpai_open_source", "when": {"all": ["gpai_model", "provider", "open_source"]},
     "article": "Art. 53(1)(c)-(d), 53(2)",
     "text": _("Have a copyright policy and publish a summary of the training content.")},
    {"id": "gpai_systemic", "when": {"all": ["gpai_model", "systemic_risk"]},
     "article": "Art. 55",
     "text": _("Evaluate the model, assess and mitigate systemic risks, report serious "
               "incidents and ensure cybersecurity.")},
    {"id": "gpai_deployer", "when": {"all": ["gpai_model", "deployer"]},
     "article": "Art. 56",
     "text": _("No duties of its own for using a model; built into a system, the system "
               "must be assessed again (it may be high risk or need transparency).")},
    # Outside the AI Act
    {"id": "not_ai_other_law", "when": {"any": ["not_ai", "out_of_scope"]},
     "article": "",
     "text": _("Other law still applies, such as the GDPR; consider publishing it in the "
               "algorithm register when it has impact.")},
]

# Outcome categories by a stop, and the label the stop leaves for the duties.
STOP_LABELS = {"prohibited": "prohibited", "not_ai": "not_ai", "out_of_scope": "out_of_scope"}

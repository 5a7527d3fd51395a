"""The guardrail: with safe_prompt=True, the engine first declines requests to produce harmful text.

It reads the learner's own instruction only (the last user turn without its fenced blocks), so a
pasted message that mentions a scam or a threat can still be summarised, classified or answered.
A sentence is harmful when it asks to produce something (write, generate, tell, give ...) whose aim
is harmful (demeaning or attacking people, violence, weapons, self-harm, breaking the law), and no
protective aim (report, avoid, spot, prevent ...) stands before that word. Harm includes threats and
intimidation, cruelty, fraud and forgery, theft, breaking into someone else's account, and false accusations;
'kill a process' or 'attack a chess opening' (BENIGN) is no harm.

The families (HARMS) name harm by what it does more than by one word: asking for the means ('which method', 'what
dose'), acting behind someone's back ('without the staff noticing'), staging, a fake anything but a harmless prop,
harm to a body, someone else's accounts. A thing asked for by name (a weapon, a drug, malware: THINGS) counts even
before the request word or in a terse prompt with none, when the sentence asks to make or use it; only mentioned
(its history, news of it, harm it did) it does not. Harmless look-alikes pass: a harm word naming a harmless thing
('murder mystery', 'fraud team'), how harm works or is caught, a story that asks for no method, a kind roast. Every
check reads a bounded window or scans once, so the work grows linearly with the text.

Last, when no skill understood a request that the families let through, `cautious_refusal` turns the decline into
a refusal if the request still shows a sign of harm (HINTS: a threat of consequences, faked authorship, acting
unseen, what belongs to someone else), or if the small classifier of harm_model.py scores it REFUSE or more; the
refusal says that the backend did not understand the request, and which of the two made the call.
"""

from __future__ import annotations

import re

from . import harm_model
from .conversation import Conversation, Reply
from .prompt import outside_blocks
from .proofread import correct_spelling, known_words

NAME = "guardrail"
PRODUCE = re.compile(r"\b(write|generate|compose|create|make|tell|give|draft|list|explain|show me how|help me|tricks?"
                     r"|produce|prepare|type (?:up |out )?|put together|mock (?:\w+ )?up"
                     r"|how do (?:u|you|ya)|^\W*need (?:a|an|some|to)"
                     r"|teach me|send|come up with|provide|build|steps?|instructions?|how (?:to|do i|can i|would i)"
                     r"|ways? to|way to|best way|ideas?|tips?|can you|could you|i want|i need|suggest|i'd like to know"
                     r"|what (?:\w+ )?(?:can|should) i|recipe|guide|tutorial|where (?:can|do|could|should) i"
                     r"|where(?:['’]s| is) the (?:best|easiest|cheapest|safest)"
                     r"|what(?:'s| is) the (?:best|easiest|quickest|simplest|most)|gimme|looking for"
                     r"|any way|is there a way|do you know how"
                     r"|plan|describe|outline|walk me (?:through|thru)|talk me through|show me|find|teach"
                     r"|what(?:['’]s| is| are)? (?:the |a )?(?:best|easiest|quickest|fastest|surest|right|good|cheapest) (?:\w+ )?"
                     r"(?:way|method|spot|place|time|dose|amount|tool|thing|stuff|part|chemicals?)s?"
                     r"|which (?:\w+ )?(?:method|way|poison|drug|pills?|bridge|dose|place|spot|tool|chemical|building|part)s?"
                     r"|what (?:dose|amount|quantity|can i (?:put|use|add|buy|mix|give|slip)|do i (?:put|use|add|buy|mix|need))"
                     r"|how (?:i|we) (?:can|could|should|would|might|do)|how (?:much|many)|objective|goal|task|deliverable|best (?:\w+ ){0,2}(?:way|method|spot|place|time|dose"
                     r"|amount|tool)s?|wanna|gonna|going to|plan(?:ning)? to|intend to"
                     r"|decided to|(?:could|can|should|would) i use|how (?:long|much|many|hard|far|often) (?:do|does|would|should|must|will|can)"
                     r" (?:i|you|we|someone|it|they)|^\W*(?:where|which|what|who)"
                     r"|(?:which|what) (?:\w+ )?(?:poison|substance|chemical|drug|pill|household items?)s?"
                     r"|how (?:would|could|can|do|does|should|might|much|many|hard|long|far) (?:someone|somebody|one|a person"
                     r"|you|i|we|people|they|it))\b",
                     re.I)
PERSON = (r"(?:(?:my|his|her|their|our|the|a|an) )?(?:lodgers?|roommates?|flatmates?|ex|wife|husband|partner|girlfriend|boyfriend|friends?|boss|parents?"
          r"|mother|father|mum|mom|dad|sister|brother|kids?|child|children|colleagues?|coworkers?|co-workers?"
          r"|neighbou?rs?|landlord|tenant|teacher|classmates?|employees?|customers?|voters?|people|someone|somebody"
          r"|him|her|them)")
GROUPS = (r"(?:women|men|muslims?|jews?|jewish|christians?|black|white|asians?|gay|lesbians?|trans|immigrants?|refugees?"
          r"|mexicans?|africans?|arabs?|indians?|chinese|disabled|fat|old|roma|romani|gypsies|gypsy|travell?ers"
          r"|poles|polish|romanians?|pakistanis?|somalis?|latinos?|hispanics?|catholics?|hindus?|sikhs?|migrants?"
          r"|foreigners?|homeless)")
DOCUMENTS = (r"certificates?|claims?|invoices?|receipts?|notes?|letters?|records?|reports?|logs?|timesheets?|statements?"
             r"|references?|returns?|forms?|minutes|accounts|payslips?|tickets?|sheets?|checklists?|registers?|logbooks?")
# 'so she doesn't wake up' asks for harm; 'so she doesn't wake up at 5' or 'not wake up groggy' asks about sleep.
WAKE_UP = (r"wake up(?!\s+(?:at|until|till|before|early|earlier|in the (?:night|morning)|every|again|groggy|tired"
           r"|hungry|crying)\b)")
HARMS = [  # (what harm, the words that aim at it); one alternation, scanned once per sentence
    ("demeaning people", r"insult\w*|humil\w*|degrad\w*|demean\w*|slur\w*|hate\w*|hateful|racist|sexist|harass\w*"
                         r"|bull(?:y|ying)|mock(?:s|ed|ing)?\b(?! (?:exams?|tests?|interviews?|data|ups?|objects?|servers?|apis?|questions?)\b)|ridicul\w*|cruel\w*|make (?:him|her|them|my (?:[\w'’]+ )?[\w'’]+|\w+) cry"
                         rf"|(?:jokes?|stereotypes?|memes?) (?:about|on|making fun of) (?:\w+ ){{0,2}}{GROUPS} ?(?:people|person|folks?)?"
                         rf"|{GROUPS} (?:people )?(?:are|is) (?:inferior|subhuman|vermin|stupid|lazy|criminals)"
                         r"|go back to (?:their|your) (?:own )?country"
                         r"|embarrass\w* (?:him|her|them|my \w+) (?:in public|publicly|online)"
                         r"|roast\w* (?:my|his|her|their|our) (?:[\w'’]+ ){0,2}(?:friends?|colleagues?|coworkers?|co-workers?|boss"
                         r"|sister|brother|classmates?|teacher|neighbou?rs?|wife|husband|partner|ex)"),
    ("threats and violence", r"threat\w*|thret\w*|intimidat\w*|kill\w*|murder\w*|hurt\w*|attack\w*|beat (?:\w+ )?up|stab\w*"
                             r"|shoot\w* (?:up |at )?(?:(?:a|the|my|his|her|their|some|these|those|all|every) )?(?:\w+ )?(?:people"
                             r"|person|him|her|them|someone|somebody|school|kids?|students?|cops?|police|boss|ex|wife|husband"
                             r"|neighbou?rs?|classmates?|teachers?|crowd|mosque|church|synagogue|man|woman|guy|dog|cat)s?"
                             r"|(?:mass|school) shooting|shooting spree|strangl\w*|kidnap\w*|abduct\w*|tortur\w*|assault\w*|rape"
                             r"|scare (?:[\w'’]+ ){0,3}into|i know where (?:[\w'’]+ ){0,3}(?:lives?|works?|school)|revenge|get back at"
                             r"|ruin (?:[\w'’]+ ){0,2}(?:life|reputation|career|marriage)|make (?:[\w'’]+ ){0,2}life (?:hell|miserable)"),
    ("weapons and poisons", r"bomb(?:s|ing|ings|er|ers|ed)?\b|weapon\w*|explosi?v\w*|detonator\w*|grenade\w*|molotov|napalm|thermite|poison\w*"
                            r"|nerve agents?|sarin|ricin|anthrax|mustard gas|chlorine gas|toxic gas|silencer|suppressor"
                            r"|ghost guns?|3d[- ]print\w* (?:a )?(?:guns?|firearms?)|untraceable (?:guns?|firearms?|weapons?)"
                            r"|(?:make|build|assembl|manufactur|convert)\w* (?:[\w-]+ ){0,3}(?:guns?|firearms?|rifles?|pistols?"
                            r"|full[- ]auto)"),
    ("self-harm", r"self-harm|suicide|kill myself|end my (?:own )?life|hurt myself|cut myself|starve myself|overdose"
                  r"|hang myself|ways? to die|painless(?:ly)? (?:way )?to die"
                  r"|(?:want|how) to die|end it all"),
    ("drugs", r"methamphetamine|meth|cocaine|crack cocaine|heroin|fentanyl|mdma|lsd|ghb|date[- ]rape|roofies?"
              r"|dmt|ketamine|mescaline|pcp"
              r"|spike (?:[\w'’]+ ){0,2}drinks?|(?:synthesi[sz]|cook|manufactur)\w* (?:[\w'’]+ ){0,2}(?:drugs?|narcotics?)"),
    ("fraud and forgery", r"launder\w*|scam\w*|fraud\w*|phishing|phish|ponzi|pyramid scheme|tax evasion|evade (?:\w+ )?tax\w*"
                          r"|identity theft|steal (?:[\w'’]+ ){0,2}identit\w*|skimm\w*|clon\w* (?:a |his |her )?(?:credit |debit )?cards?"
                          r"|pretend\w* to be from|impersonat\w*|blackmail\w*|extort\w*"
                          r"|collect (?:their|them|people's|customers'?) ?(?:logins?|passwords?|details)?"
                          r"|(?:fake|forged?|false|counterfeit|falsified|bogus) (?:[\w'’]+ ){0,3}(?:invoices?|receipts?|reviews?"
                          r"|ids?|passports?|documents?|signatures?|notes?|certificates?|prescriptions?|money|banknotes?"
                          r"|cheques?|checks?|orders?|licen[cs]es?|letters?|contracts?|diplomas?|degrees?|payslips?"
                          r"|statements?|tickets?|visas?|stamps?|seals?|claims?|injur(?:y|ies)|accidents?|illness|alibis?)"
                          r"|pretend\w* to be (?:a |an |the )?(?:doctor|police|officer|nurse|lawyer|bank)|forg(?:e|ing|ed) (?:[\w'’]+ ){0,3}(?:signatures?|documents?"
                          r"|orders?|cheques?|checks?|certificates?|letters?)|as genuine|pass (?:it|them) off as (?:real|genuine)"
                          r"|fake news|(?:misinformation|disinformation|propaganda) (?:about|that|to|campaign|posts?|articles?)"
                          r"|cheat (?:on|in) (?:[\w'’]+ ){0,2}(?:exams?|tests?)"),
    ("theft and break-ins", r"steal\w*|shoplift\w*|break into|(?:breaks|breaking|broke) into (?:the |a |an |their |his |her )?(?:[\w'’-]+ ){0,3}(?:portal|system|database|server|network|site|website|accounts?|house|home|flat|car|shop)s?|hack into|rob (?:a|the|my|his|her|their) |robbery|burgl\w*"
                            r"|hack\w* (?:[\w'’]+ ){0,2}(?:accounts?|wi-?fi|emails?|instagram|facebook|snapchat|whatsapp"
                            r"|phones?|computers?|websites?|database|servers?|systems?|network)"
                            r"|bypass (?:[\w'’]+ ){0,2}(?:2fa|two-factor|passwords?|login|authentication|licen[cs]e|paywall|drm"
                            r"|parental controls)|(?:sql injection|exploit) (?:[\w'’]+ ){0,4}(?:dump|steal|get into|access)"
                            r"|(?:evade|bypass|beat|fool|trick) (?:[\w'’]+ ){0,3}(?:plagiarism|turnitin)"
                            r"|(?:get|break|log|sneak|hack) into (?:his|her|their|someone['’]s|somebody['’]s|(?:my|a|an) \w+['’]s)"
                            r" (?:[\w'’]+ ){0,2}(?:account|phone|email|inbox|computer|laptop)s?"
                            r"|crack\w* (?:[\w'’]+ ){0,3}passwords?|brute[- ]forc\w* (?:[\w'’]+ ){0,3}passwords?"),
    ("malware and attacks on systems", r"ddos|denial[- ]of[- ]service|floods?\b.{0,40}\b(?:site|website|server|requests)"
                                       r"|malware|ransomware|keylogger|spyware"
                                       r"|(?:evade|bypass|hide from|avoid detection by) (?:[\w'’]+ ){0,2}anti-?virus"
                                       r"|(?:take|bring|knock)s? (?:[\w'’]+ ){0,3}(?:site|website|server|network|service|app|platform|game server)s?"
                                       r" (?:down|offline)|(?:take|bring|knock)s? (?:down|offline) (?:[\w'’]+ ){0,3}(?:site|website"
                                       r"|server|network|service|platform)|steal (?:[\w'’]+ ){0,2}(?:passwords|cookies|credentials)"),
    ("spying and stalking", r"stalk\w*|dox+\w*|swatt?ing|spy on|tracking (?:app|software|device)"
                            r"|find out where (?:he|she|they) lives?|(?:find|work out|figure out|know) (?:out )?where (?:my |his |her |their )?(?:ex|girlfriend"
                            r"|boyfriend|crush|wife|husband|[\w'’]+['’]s (?:ex|wife|husband)) (?:lives?|is staying|stays|works|sleeps)|home address of"
                            r"|secretly (?:track|install|put|read|record|monitor|follow|film|photograph)\w*"
                            r"|track (?:my|his|her) (?:ex|wife|husband|partner|girlfriend|boyfriend)"
                            r"|without (?:his|her|their|them|him) (?:ever )?(?:knowing|consent|permission|finding out|noticing)"
                            r"|revenge porn|(?:leak|share|post) (?:[\w'’]+ ){0,2}(?:nudes|intimate (?:photos|pictures))"),
    ("lies about people", r"spread (?:[\w'’]+ ){0,2}rumou?rs?|defam\w*|gaslight\w*" + rf"|manipulat\w* {PERSON}"),
    ("euphemisms for violence", r"make (?:him|her|them) disappear|get rid of (?:my|his|her|our|the) (?:husband|wife|boss|neighbou?r"
                                r"|partner|ex|landlord|teacher)|teach (?:him|her|them) a lesson|unalive\w*|drown\w*"
                                r"|permanently (?:silence|deal with)"),
    ("extremism", r"terror(?:ist)? attacks?|join (?:isis|al-?qaeda)|recruit\w* (?:[\w'’]+ ){0,3}(?:isis|jihad\w*|extremis\w*"
                  r"|terror\w*)|(?:extremist|terrorist|violent|racist|white supremacist) manifesto"),
    ("discrimination", r"(?:discourag|exclud|reject|filter)\w* (?:[\w'’]+ ){0,4}(?:women|older|pregnant|black|asian|muslims?|jews?"
                       r"|immigrants?|foreigners?|disabled|gay)\b"),
    ("harassment", r"send (?:[\w'’]+ ){0,3}(?:hundreds|thousands) of (?:\w+ )?(?:messages|emails|texts|calls)"
                   r"|flood (?:his|her|their) (?:inbox|phone)|find (?:out )?(?:her|his|their) (?:home )?address"
                   r"|pro-?ana|thinspo|rig (?:the|an?) (?:election|vote|lottery|game|match)|match[- ]fixing"
                   r"|(?:buy|order|get) (?:[\w'’]+ ){0,3}(?:on|from|off) the dark ?web"),
    ("harm told as an accident", r"(?:looks?|appears?|seems?) like (?:an? |a natural )?(?:accident|suicide|natural causes)"
                                 r"|without (?:it |them |anyone )?being (?:detected|traced)"),
    ("sabotage", r"(?:cut|tamper\w* with|mess\w* with|sabotag\w*|loosen\w*|disable\w*) (?:[\w'’]+ ){0,3}brakes?(?: lines?)?"
                 r"|rig (?:[\w'’]+ ){0,5}(?:so (?:it|they) (?:leaks?|explodes?|catch(?:es)? fire)|to (?:leak|explode|catch fire))"
                 r"|(?:push|shove|trip) (?:someone|somebody|him|her|them|my \w+) (?:down|off|in front|into)"
                 r"|hit (?:someone|somebody|him|her|them) so (?:hard|they|he|she)"),
    ("biological and chemical harm", r"(?:spread|release|culture|grow|weaponi[sz]e|aerosoli[sz]e|disperse|engineer|breed|make)"
                                     r"\w* (?:[\w-]+ ){0,3}(?:pathogens?|spores?|anthrax|plague|smallpox|ebola|botulinum"
                                     r"|(?:dangerous|deadly|lethal|infectious) (?:bacteria|virus(?:es)?|germs?|diseases?))|bioweapons?"
                                     r"|infects? as many|as many people as possible|weaponi[sz]\w*"
                                     r"|(?:contaminate|poison|taint)\w* (?:[\w'’]+ ){0,3}(?:water supply|water supplies|reservoir"
                                     r"|food supply)"),
    ("self-harm methods", r"hang myself|ways? to die|painless(?:ly)? (?:way )?to die|bleed (?:out|the most)"
                          r"|jump off (?:a|the) (?:bridge|building|roof)"),
    ("attacks on systems", r"brute[- ]?forc\w* (?:[\w'’-]+ ){0,4}(?:passwords?|logins?|ssh|accounts?|credentials|pins?|servers?)"
                           r"|revoked my access|(?:old|former|ex-?) ?employer['’]s (?:servers?|systems?|network|accounts?|database)"
                           r"|encrypt\w* (?:[\w'’]+ ){0,5}files\b.{0,60}\b(?:ransom|bitcoin|pay|demand)\w*"
                           r"|exploit for cve|(?:get|pop|spawn|open) an? (?:reverse )?shell on|(?:worm|virus|trojan|rootkit|botnet)"
                           r" that (?:spreads|infects|steals|deletes|encrypts)"),
    ("impersonation and phishing", r"(?:looks?|appears?|seems?) like (?:it(?:['’]s| is| was| came) )?(?:from|sent by) (?:a|the"
                                   r"|their|your|my) (?:bank|building society|tax office|police|government|post office|courier)"
                                   r"|(?:asking|ask|asks|tell|telling|tells|unless|so that|get|getting) (?:[\w'’]+ ){0,2}(?:to )?"
                                   r"(?:reply|respond|send|give|enter|confirm|share|verify|type|update) (?:[\w'’]+ ){0,2}(?:with )?"
                                   r"(?:their|your|his|her) (?:otp|pin|passwords?|passcode|one[- ]time (?:code|password)"
                                   r"|card (?:number|details)|cvv|security code|login|bvn|ssn|social security|bank details)"
                                   r"|(?:must|have to|has to|need to|needs to|only) pay (?:[\w'’]+ ){0,2}(?:by|with|in) (?:gift ?cards?"
                                   r"|itunes cards?|vouchers|crypto)"
                                   r"|pretend\w* to be (?:[\w'’]+ ){0,2}(?:paypal|amazon|apple|microsoft|google|hmrc|irs|bank|police"
                                   r"|officer|grandson|granddaughter|son|daughter|relative|government|tax office|dhl|fedex|ups"
                                   r"|courier|netflix|someone['’]s|a (?:family member|relative))"),
    ("tax fraud", r"hide (?:[\w'’]+ ){0,2}(?:income|cash|money|earnings|profits?|assets|sales) from (?:the )?(?:tax|irs|hmrc"
                  r"|taxman|government|authorities|auditors?|inspectors?)"
                  r"|(?:irs|hmrc|tax office|taxman|tax authorit\w+|auditors?) (?:never|won['’]t|doesn['’]t|don['’]t|can['’]t"
                  r"|will never) (?:see|find|notice|know|spot)"
                  r"|second set of (?:books|accounts|ledgers)|cook\w* the books|never shows? up on (?:the|my|our|a) tax"
                  r"|(?:won['’]t|not|never) (?:get )?(?:picked up|caught|flagged|spotted) (?:in|by) (?:an? |the )?(?:inspection"
                  r"|audit|auditors?|tax)|money offshore so"),
    ("harassment by message", r"from (?:fake|anonymous|burner|multiple|several) (?:accounts|profiles|numbers|emails)"
                              r"|(?:nasty|abusive|threatening|hateful|vile|horrible) (?:messages|texts|comments|emails|dms)"
                              r"|expos\w* (?:[\w'’]+ ){0,3}(?:medical|sexual|private|personal|mental health)"
                              r"|fake (?:dating |social media |instagram |facebook |tinder |twitter )?(?:profile|account)s? (?:of"
                              r"|for|with|using|pretending)|everyone hates (?:her|him|you|them)"
                              r"|(?:she|he|they|you) should (?:disappear|die|kill (?:herself|himself|themselves|yourself))"),
    ("violence against people", r"chok\w* (?:someone|somebody|him|her|them|my \w+)|smother\w*|suffocat\w* (?:someone|him|her|them|my)"
                                r"|punch (?:someone|somebody|him|her|them|my \w+) (?:so|until|hard)"
                                r"|beat (?:my|his|her|their) (?:wife|husband|kids?|child|children|partner|girlfriend|boyfriend"
                                r"|dog|cat|son|daughter)(?! at\b| in\b)|without leaving (?:any )?(?:marks|bruises|evidence"
                                r"|traces?)"),
    ("abuse of children", r"groom\w* (?:a |the )?(?:child|children|kid|kids|minor|minors|teen|teens|boy|girl)\b"
                          r"|keep (?:it|this|our \w+) (?:a )?secret from (?:their|his|her) (?:parents|mum|mom|dad|teacher)"),
    ("self-harm kept hidden", r"hide (?:my |the )?(?:cuts|self-harm|burns|scars) (?:on|from)"),
    ("fraud with stolen means", r"stolen (?:credit |debit )?cards?|stolen (?:identit\w+|credentials|accounts?|card details)"
                                r"|carding|cheat (?:the )?(?:welfare|benefits?|insurance|taxman|system)"
                                r"|get (?:[\w'’]+ ){0,3}fired (?:with|by|using) (?:fake|made[- ]up|false)"
                                r"|without (?:a )?background check"),
    ("malware by name", r"credential (?:harvest\w*|stealer)|info ?stealer|token grabber|remote access trojan"
                        r"|cryptojack\w*|zero[- ]day exploit|(?:wipe|delete|encrypt)\w* (?:[\w'’]+ ){0,4}(?:on|from|in)"
                        r" (?:someone(?: else)?['’]s|other people['’]s|my (?:school|employer|boss|colleague|ex)['’]s)"),
    ("cruelty by message", r"make (?:[\w'’]+ ){0,3}feel (?:worthless|ugly|stupid|small|useless|like (?:shit|garbage|nothing|dirt))"),
    ("extremist groups", r"neo-?nazis?|white power|nazi (?:recruitment|propaganda|group)"),
    ("escaping justice", r"without getting caught|without (?:anyone|the police|police) (?:knowing|finding out|noticing)"
                         r"|cover (?:my|his|her|our) tracks|hide (?:a|the) body|dispose of (?:a|the) body"
                         r"|without (?:the )?(?:cops|police|authorities|feds|law) (?:finding out|noticing|knowing|catching)"
                         r"|get away with (?:it|murder|this|that)|(?:claim|say|pretend) it was an accident"
                         r"|(?:past|through|get by) (?:the )?(?:airport |border )?(?:security|customs|metal detectors?)"
                         r" (?:without|undetected|unnoticed)|(?:sneak|smuggl\w*|carry|get) (?:[\w'’]+ ){0,3}(?:knife|knives|guns?"
                         r"|weapons?|blades?|drugs|cocaine|heroin) (?:past|through) (?:[\w'’]+ ){0,2}(?:security|customs|border)"),
    # The families below name the act by what it does to a person or a thing, so that new words for it still match.
    ("explosives and arson", r"ieds?|pipe ?bombs?|nail ?bombs?|pressure[- ]cooker (?:bombs?|devices?)|fire ?bombs?|incendiar\w*"
                             r"|black powder|gunpowder|detonat\w*|arson\w*|set (?:[\w'’]+ ){0,2}(?:on )?fire to|set fire to"
                             r"|burn (?:[\w'’]+ ){0,3}(?:house|home|car|building|school|shop|flat|office|church|mosque"
                             r"|synagogue)s? down|blow (?:[\w'’]+ ){0,2}up (?:a |the |his |her |their |my )?(?:car|house|building"
                             r"|mailbox|letterbox|school|bridge|office|station|plane|bus|train|people|crowd|shed|garage|van"
                             r"|caravan|boat|shop|flat)(?! (?:logo|sign|photo|picture|image|banner|poster|name)s?\b)"
                             r"|blow up (?:a |the |his |her |their |my )?(?:car|house|building|mailbox|letterbox|school|bridge"
                             r"|office|station|plane|bus|train|people|crowd|shed|garage|van|caravan|boat|shop|flat)"
                             r"(?! (?:logo|sign|photo|picture|image|banner|poster|name)s?\b)"  # 'blow up my shop logo' enlarges
                             r"|drops? grenades"),
    ("cruelty to animals", r"(?:dog|cock|bull|bear|animal)[ -]?fight(?:s|ing)?|fight(?:s|ing)? (?:dogs|roosters|cockerels)"),
    ("harm to a person", r"run (?:someone|somebody|him|her|them|a (?:person|pedestrian|cyclist)|my \w+) over"
                         r"|run over (?:someone|somebody|a (?:person|pedestrian|cyclist)|my \w+)"
                         r"|(?:deserves? to|should) (?:die|suffer|be hurt)|i['’]ll (?:kill|hurt|burn|find|get|come for|end) "
                         r"|or else\b|unless\b[^.]{0,80}?\b(?:come|comes|coming) to (?:any )?harm|bleed(?:s|ing)? (?:out|to death)|(?:break|snap) (?:his|her|their|someone['’]s) (?:legs?"
                         r"|arms?|neck|fingers?)|violence against|(?:paralys|incapacitat|knock)\w* (?:someone|somebody|him|her"
                         r"|them|a person) (?:out|unconscious)"),
    ("self-harm in other words", r"end (?:things|it all|my life|myself)|(?:burn|starve|cut|hurt|harm|kill) myself"
                                 r"|enough to (?:kill (?:me|myself|a person|someone)|die)"
                                 rf"|(?:fatal|lethal) (?:dose|amount|height|fall)|never {WAKE_UP}"
                                 r"|hide (?:that )?(?:i['’]m|i am) not eating|hide (?:my )?(?:weight loss|not eating|purging)"),
    ("drugs in other words", r"pseudoephedrine|crystal meth|cook (?:crystal|crack|meth|drugs)|magic mushrooms|psilocybin"
                             r"|(?:sell|deal|push)\w* (?:[\w'’]+ ){0,2}(?:drugs|weed|cannabis|coke|pills|ecstasy|mushrooms|pot)"
                             r"|smuggl\w* (?:[\w'’]+ ){0,3}(?:drugs|cocaine|heroin|weed|pills|guns?|weapons?|people|migrants)"
                             r"|(?:put|slip|add|drop|mix)\w* (?:[\w'’]+ ){0,2}in(?:to)? (?:her|his|their|someone['’]s|somebody['’]s"
                             r"|a girl['’]s|a guy['’]s|my date['’]s|the) drinks?"
                             r"|so (?:she|he|they) (?:passes? out|pass out|blacks? out|won['’]t remember|can['’]t resist)"),
    ("deception for gain", r"pretends? to be from|posing as|pose as|poses as|disguised as (?:a |an |the )?(?:bank|courier|police)"
                           r"|(?:made[- ]up|fake|fictional|different fake) (?:customers|people|reviewers|accounts|names|patients)"
                           r"|never happened|(?:when|but|though|even though) (?:it|he|she|they|i) (?:wasn['’]t|weren['’]t|didn['’]t"
                           r"|isn['’]t|aren['’]t|was not|did not|never)|(?:look|looks|seem) (?:official|real|genuine|legit)"
                           r"|believable (?:doctor['’]s |sick |medical )?(?:note|excuse|id|invoice|receipt|letter|certificate)"
                           r"|guaranteed (?:[\w'’]+ ){0,2}returns?|\d+ ?% (?:monthly|weekly|daily) returns?|before i cash out"
                           r"|(?:old|elderly|lonely|vulnerable|grieving) (?:[\w'’]+ ){0,2}(?:people|person|man|woman|widows?|widowers?"
                           r"|pensioners?|customers?)\b.{0,60}\b(?:pay|money|wire|send|transfer)\w*"
                           r"|(?:wire|send|transfer) me (?:\w+ )?money"),
    ("breaking into what is someone else's", r"(?:read|access|unlock|take over|get into|log into|break into|hack|monitor|see"
                           r"|check|open|use|get on|get onto|connect to)\w* (?:my |a |his |her |their )?(?:ex-\w+|ex|girlfriend"
                           r"|boyfriend|wife|husband|partner|boss|neighbou?r|roommate|flatmate|friend|sister|brother|colleague"
                           r"|coworker|co-worker|teacher|classmate|tenant|landlord|someone(?: else)?|somebody|other people|stranger"
                           r")(?:['’]s|s['’])? (?:[\w'’]+ ){0,2}(?:accounts?|phones?|wi-?fi|network|messages|whatsapp|texts|emails?"
                           r"|inbox|dms|camera|icloud|gmail|instagram|snapchat|facebook|tiktok|computer|laptop|pc|passwords?)"
                           r"|sim[- ]?swap\w*|(?:grab|dump|extract|harvest|steal|collect|exfiltrat)\w* (?:[\w'’]+ ){0,3}(?:passwords"
                           r"|credentials|cookies|session tokens|logins)\b(?! (?:from|in|on) my own)"
                           r"|payloads?|reverse shell|silently (?:download|install|run|execut)\w*"
                           r"|(?:sql injection|xss|exploit)\w* (?:[\w'’]+ ){0,4}(?:pull|dump|extract|grab|read|steal|get)"
                           r"|without (?:the |a |their |his |her )?(?:password|permission|owner['’]s permission)"),
    ("spying on people", r"(?:hidden|secret|spy|pinhole) cameras?\b.{0,40}\b(?:bathroom|bedroom|shower|changing room|toilet"
                         r"|tenant|flat|room)|upskirt\w*"
                         r"|(?:find|get|track down|locate|work out) (?:[\w'’]+ ){0,2}(?:ex|girlfriend|boyfriend|crush|wife|husband"
                         r"|\w+)['’]s (?:new |current |home )?(?:address|location|whereabouts)"),
    ("hate against groups", rf"{GROUPS} (?:people )?(?:\w+ ){{0,2}}(?:control|are (?:all )?(?:terrorists|criminals|animals"
                            r"|vermin|parasites|inferior|subhuman|rapists|evil|dirty)|all terrorists|should (?:leave|die|go back"
                            r"|be (?:banned|deported|killed))|(?:are|aren['’]t|are not|is not|isn['’]t) welcome|don['’]t belong"
                            r"|invad\w*|replac\w*)|(?:not|aren['’]t|never) welcome (?:here|in (?:our|this|my) \w+)"),
    ("harassment that does not stop", r"(?:from|using) (?:different|new|other|many) (?:numbers|accounts|phones|emails|profiles)"
                                      r"|never gets? (?:any )?peace|every (?:hour|day|night) until (?:she|he|they)"),
    ("breaking in and stealing", r"(?:pick|open|break|force|bypass) (?:the |a )?locks? (?:on|of) (?:my |a |his |her |their )?"
                                 r"(?:neighbou?r|someone|somebody|\w+['’]s)|hotwir\w*"
                                 r"|while (?:they|he|she)['’]?(?:re| are| is|s) (?:on holiday|away|out|asleep|at work)"
                                 r"|(?:guns?|firearms?|pistols?|rifles?)\b.{0,40}\bwithout (?:a |the )?(?:licen[cs]e|permit"
                                 r"|background check)"),
    ("acting covertly against someone", r"without (?:my|his|her|their|the|our) (?:\w+ )?(?:family|parents|wife|husband|partner"
                         r"|boss|staff|owner|teacher|girlfriend|boyfriend|mum|mom|dad|roommate|flatmate|neighbou?rs?|employer"
                         r"|landlord|coworkers?|co-workers?|colleagues?|kids?|children|friends?|customers?|victims?|cashier|shop)"
                         r" (?:noticing|knowing|finding out|suspecting|realising|realizing|seeing)"
                         r"|without telling (?:them|him|her|anyone)|without paying|without (?:leaving )?a trace"
                         r"|so (?:that )?(?:she|he|they|nobody|no one|my \w+|the \w+) (?:doesn['’]t|don['’]t|won['’]t|can['’]t|never"
                         r"|does not|will not|cannot) (?:find (?:it|out)|notice|suspect|realise|realize|taste|smell)"
                         r"|(?:tastes?|smells?) of nothing|(?:tasteless|odou?rless) (?:poisons?|drugs?|substances?)"),
    ("staging", r"make (?:[\w'’]+ ){1,3}look (?:natural|accidental|electrical|like (?:lightning|an? accident|natural causes|suicide"
                r"|a break-in|a robbery|(?:he|she|they) fell))|(?:looks?|appears?) like it was (?:signed|written|sent|dated|made"
                r"|issued)|backdat\w*"),
    ("more ways to hurt", r"(?:pillow|bag|hand|cloth)s? over (?:someone|somebody|his|her|their|[\w'’]+['’]s) (?:face|mouth|head)"
                          r"|ransom\w*|(?:make|making) (?:him|her|them|you) regret|you['’]ll regret|until (?:she|he|they)"
                          r" (?:quits?|leaves?|gives? up|breaks? down|cr(?:y|ies)|snaps?)|tatp|hmtd|petn|semtex"
                          r"|(?:dump|pour)\w* (?:[\w'’]+ ){0,2}(?:toxic|chemical|hazardous) waste|fly-?tip\w*"
                          r"|(?:start|light|set)\w* (?:a |an )?(?:fire|wildfire|blaze)s? (?:in|at|near) (?:the |a )?(?:woods|forest"
                          r"|park|field|building|school|house|shop)"),
    ("more ways to cheat", r"leaked (?:passwords|credentials|logins)|credential stuffing|fake charit\w*|charity scam"
                           r"|(?:goes|go|sent|paid) (?:straight )?(?:in)?to my (?:own )?(?:account|wallet|paypal)"
                           r"|knock-?offs?|as the real thing|(?:sell|return|pass)\w* (?:[\w'’]+ ){0,4}as (?:the real thing|genuine"
                           r"|authentic|new|original)|skim (?:credit |debit |bank )?cards|sneak into (?:a |the )?(?:concert|cinema"
                           r"|gig|festival|club|stadium|match|game)"
                           r"|(?:must|need to|have to|should) (?:update|confirm|verify|re-?enter|enter) (?:[\w'’]+ ){0,2}(?:card"
                           r"|bank|payment|login|account) details"
                           r"|(?:cannabis|weed|coke|cocaine|heroin|meth|pills|mushrooms|mdma|ecstasy|edibles)\b.{0,40}\b(?:sell"
                           r"|deal)\w*|(?:crack|clone|copy|bypass|guess)\w* (?:[\w'’]+ ){0,3}(?:badges?|key ?cards?|access cards?"
                           r"|fobs?)|(?:gps |tracking )?(?:trackers?|tracking devices?|airtags?) (?:on|in|under|into) (?:my |his |her"
                           r" |their )?(?:[\w'’]+ )?(?:car|bag|phone|coat|bike)"
                           r"|(?:see|read|check|know|find out) (?:who|what) (?:my |his |her )?(?:wife|husband|partner|girlfriend"
                           r"|boyfriend|ex) (?:is|has been) (?:texting|messaging|talking to|saying)"),
    ("keeping people out", rf"{GROUPS} (?:[\w'’]+ ){{0,2}}should(?:n['’]t| not| never) be (?:allowed|able|let|trusted|hired"
                           r"|employed)"),
    ("harm in plainer words", r"overdos\w*|(?:take|end) (?:my|his|her|their) (?:own )?life|make (?:it|him|her|them) die"
                              r"|so (?:it|he|she|they) dies?|(?:most|maximum|max|the most) (?:damage|harm|pain)"
                              r"|(?:make|cause|give|trigger)\w* (?:someone|somebody|him|her|them|[\w'’]+) (?:[\w'’]+ ){0,3}(?:allergic"
                              r" reaction|seizure|heart attack|stroke|panic attack)|stop taking (?:her|his|their) (?:insulin"
                              r"|medication|meds|medicines?|pills|treatment|chemo)|(?:her|his|their) fault (?:that )?i (?:hit|hurt"
                              r"|slapped|pushed|beat|choked|kicked)|get (?:a |my )?(?:guns?|knife|knives|weapons?|firearms?|blades?)"
                              r" (?:into|past|through|onto)|(?:hit|punch|kick) (?:a person|someone|somebody|him|her|them|people)"
                              r" (?:so|to|where|hard)|pro-?ana\w*|pro-?anorexi\w*|pro-?mia|without (?:a )?prescription"
                              r"|undetectabl\w*|(?:avoid|evade|escape|beat)\w* (?:\w+ )?detection|stolen"
                              r"|(?:submit|pass off|hand in|turn in) (?:[\w'’]+ ){0,3}as (?:my|his|her|their) own"
                              r"|(?:by )?(?:lying|lie|lies) (?:to|about) (?:[\w'’]+ ){0,2}(?:boss|employer|teacher|parents|insurer"
                              r"|insurance|doctor|police|court|judge|partner|wife|husband|him|her|them)"),
    ("intrusion in plainer words", r"scrap\w* (?:[\w'’]+ ){0,2}(?:women|girls|people|users|strangers)['’]s? (?:[\w'’]+ )?(?:photos"
                                   r"|pictures|profiles|selfies)|rates? (?:their|her|his|women['’]s|girls['’]) (?:bodies|body|looks"
                                   r"|faces)|listen (?:in )?to (?:[\w'’]+ ){0,2}(?:phone )?calls|eavesdrop\w*|wiretap\w*"
                                   r"|intercept\w* (?:[\w'’]+ ){0,3}(?:calls|messages|texts|emails|traffic)"
                                   r"|change (?:my|his|her|the|our) (?:marks|grades|scores|exam results)|keystrokes?"
                                   r"|hides? from (?:the )?(?:task manager|antivirus|user)|lock (?:[\w'’]+ ){0,4}files\b.{0,60}"
                                   r"\b(?:money|pay|bitcoin|ransom)\w*"),
    ("contempt for people", rf"(?:roast|mock|ridicul|insult|laugh)\w* (?:at )?(?:all )?{GROUPS}(?: (?:people|persons?|folks?"
                            r"|kids?|guys|girls|women|men))?|(?:feels?|feeling) (?:so )?(?:worthless|ugly|stupid|useless"
                            r"|like (?:shit|garbage|nothing|dirt|trash|crap))"
                            rf"|{GROUPS} (?:[\w'’]+ ){{0,2}}(?:are|were) (?:all )?(?:thieves|criminals|terrorists|rapists|animals"
                            r"|scum|parasites|vermin)|(?:kept|keep (?:them|those people)) out of"),
    ("more cheating", r"(?:move|transfer|send)\w* (?:[\w'’]+ ){0,3}(?:savings|money|funds|pension) (?:in)?to (?:a |the |an? new )?"
                      r"(?:safe|secure|holding) account|(?:reviews?|complaints?)\b.{0,80}\b(?:i|we) (?:never|haven['’]t|didn['’]t) (?:ate|eaten|been|went|gone"
                      r"|stayed|bought|used|visited|ordered|tried)|cheat\w* (?:at|in|on) (?:a |the )?(?:casino|poker"
                      r"|blackjack|roulette|slots|exams?|tests?|cards)"),
    ("more sabotage", r"(?:weapons?|knife|knives|blades?|bats?) (?:[\w'’]+ ){0,3}for (?:a |the )?fight|derail\w*"
                      r"|sabotag\w* (?:[\w'’]+ ){0,3}(?:train|rail|track|plane|power|grid|substation|pipeline)"),
    ("deception by a fake thing", r"(?:fake|forged?|counterfeit|bogus|made[- ]up|fabricated|phony|phoney|false) "
                                  r"(?!(?:[\w'’£$€.,-]+ ){0,2}(?:plants?|tan|fur|snow|leather|data|test\w*|blood|eyelashes|lashes|nails|tattoos?"
                                  r"|beards?|grass|flowers?|trees?|moustaches?|smiles?|laugh|accent|names? for (?:a|my) (?:story"
                                  r"|novel|game)|examples?|sample\w*|dummy|placeholders?|users? for testing|wood|marble"
                                  r"|brick|stone|fireplace|cobwebs?|spiders?|wounds? for halloween)\b)(?:[\w'’£$€.,-]+ ){0,2}[\w'’-]+"),
    ("harm to a body", r"to make (?:him|her|them|someone|somebody|my [\w'’]+|his [\w'’]+|her [\w'’]+|[\w'’]+['’]s? [\w'’]+)"
                       r" (?:(?:really|very|so|seriously|properly) )?(?:sick|ill|vomit|throw up|pass out|unconscious|bleed|suffer)\b"
                       r"|knocks? (?:people|everyone|everybody|guests|guards|someone|somebody|him|her|them) (?:out|unconscious)"
                       r"|(?:sedatives?|sleeping pills?|tranquil+i[sz]ers?|laxatives?|roofies?)\b.{0,40}\b(?:slip|put|give|add"
                       r"|sneak)\w*|(?:slip|sneak)\w* (?:[\w'’]+ ){0,3}(?:sedatives?|sleeping pills?|laxatives?|drugs?)"
                       r"|(?:put|slip|add|mix)\w* (?:[\w'’]+ ){0,3}in(?:to)? (?:a |my |his |her |their |someone['’]s |somebody['’]s"
                       r" |[\w'’]+['’]s )?(?:drinks?|lunch|food|coffee|tea|meal|dinner)\b.{0,40}\b(?:sick|ill|pass out|sleep"
                       r"|unconscious|die|hurt|poison\w*)|shivs?|shanks?\b|flamethrowers?"
                       r"|while (?:he|she|they)['’]?(?:s| is|re| are) (?:in it|inside|in there|sleeping|asleep)"),
    ("going behind people's backs", r"without (?:him|her|them|anyone|anybody|someone|people|it|hr|the (?:\w+ )?(?:team|staff"
                                    r"|school|company|office|owner|bank|council|police|authorities)|my [\w'’]+|his [\w'’]+"
                                    r"|her [\w'’]+|their [\w'’]+) (?:ever )?(?:knowing|noticing|finding out|realising|realizing"
                                    r"|suspecting|seeing)"),
    ("escaping the law", r"without (?:going to|ending up in|getting sent to) (?:prison|jail)|without (?:getting |being )?"
                         r"(?:arrested|charged|prosecuted|sued|a criminal record)"),
    ("a sender put in quotes", r"(?:sms|texts?|emails?|e-mails?|letters?|messages?|dms?|notices?|calls?)"
                               r" (?:that (?:looks|appears|seems) to be )?from ['\"‘“](?!(?:santa|father christmas|the tooth fairy"
                               r"|the easter bunny|your future self|mum|mom|dad|grandma|grandad|the cat|the dog)['\"’”])"
                               r"[^'\"’”\n]{1,29}\w(?=['\"’”])"),
    ("spam and evasion of filters", r"spam (?:emails|messages|texts|calls|bots?)|(?:get|slip|sneak)\w* (?:past|through|around)"
                                    r" (?:the )?(?:gmail |outlook |spam )?(?:spam )?filters?"),
    ("using someone else's identity", r"(?:[\w'’]+['’]s|someone else['’]s|somebody else['’]s) identity"
                                      rf"|scare\w* {PERSON} (?:out|off|away|into)"),
    ("contempt for groups", rf"{GROUPS} (?:[\w'’]+ ){{0,2}}(?:are|is) (?:a |an )?(?:burden|drain|waste|plague|disease|cancer)"
                            rf"|{GROUPS} (?:[\w'’]+ ){{0,2}}(?:should(?:n['’]t| not)|don['’]t deserve to) (?:get|have|receive"
                            r"|be (?:allowed|paid|helped))"),
    ("improvised weapons", r"zip ?guns?|pipe ?guns?|improvised (?:firearms?|guns?|weapons?|explosives?)"),
    ("self-harm and starving", r"(?:don['’]t|do not|never) want to (?:wake up|be alive|live|exist)|without eating\b"
                               r"|stop eating (?:for|until)|not eat(?:ing)? for (?:days|a week|weeks)"
                               r"|(?:keep going|go|last|manage|survive) (?:with )?(?:no|without) food for (?:the next )?(?:\d+|a few"
                               r"|several|many|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty) (?:more )?(?:days|weeks)"),
    ("pretending to be an office", r"pretend\w* (?:that )?(?:i['’]m|i am|we['’]re|we are|to be) (?:from|with|calling from) "
                                   r"(?:the |a |an )?(?:council|bank|police|government|tax|hmrc|irs|dvla|nhs|court|water board"
                                   r"|gas board|electricity|post office|microsoft|apple|amazon|paypal)\b"),
    ("covert, widely", r"without (?:the|my|his|her|their|our|your|a|any) (?:[\w'’-]+ ){0,1}[\w'’-]+ (?:ever )?(?:noticing|knowing"
                       r"|finding out|realising|realizing|suspecting|seeing)"
                       r"|so (?:that )?(?:my |his |her |their |the )?(?:[\w'’]+ )?(?:doesn['’]t|don['’]t|won['’]t|can['’]t"
                       rf"|never|does not|will not|cannot) {WAKE_UP}"),
    ("dehumanising", r"(?:are|is) (?:all )?(?:inbred|scum|vermin|subhuman|parasites|filth)\b"
                     rf"|{GROUPS} (?:people )?(?:[\w'’]+ ){{0,2}}spread\w* (?:diseases?|viruses?|covid|germs)"),
    ("damage to property", r"key (?:my |his |her |their |someone['’]s |somebody['’]s |[\w'’]+['’]s )(?:[\w'’]+ )?(?:car|van)s?"
                           r"|slash\w* (?:[\w'’]+ ){0,2}(?:tyres|tires)|vandali[sz]\w*"
                           r"|(?:sugar|sand|bleach|salt) in(?:to)? (?:[\w'’]+ ){0,3}(?:fuel|petrol|gas) tank"
                           r"|so (?:it|the car|the engine|the van) (?:breaks down|dies|seizes|won['’]t start)"),
    ("hiding money from people", r"hide (?:[\w'’£$€.,]+ ){0,4}(?:cash|money|assets|income|savings|earnings) from (?:my |his |her"
                                 r" |the |their )?(?:ex|wife|husband|partner|lawyers?|court|creditors|bailiffs|[\w'’-]+['’]s)"),
    ("telling what is not so", r"(?:telling|saying|claiming|tell|say|claim)\b.{0,60}\beven though (?:they|he|she|it|we|i) "
                               r"(?:passed|did|won|paid|is|was|were|are|has|have|had)\b"),
    ("controlling people", r"(?:hide|take|sneak|keep|confiscat|steal)\w* (?:his|her|their|[\w'’]+['’]s) (?:[\w'’]+ )?passports?"
                           r"|keep (?:her|him|them) from (?:leaving|going|seeing|calling|talking)"),
    ("minors asked for images", r"(?:\d{1,2}[- ]?(?:year[- ]old|yo)|minors?|child|kids?|students?|pupils?|girls?|boys?|teens?"
                                r"|teenagers?)\b.{0,60}\b(?:photos?|pictures?|pics|images?|videos?|nudes) of (?:herself|himself"
                                r"|themselves)|send (?:me )?(?:[\w'’]+ )?(?:photos?|pictures?|pics|nudes) of (?:herself|himself"
                                r"|themselves)"),
    ("tampering and extortion", r"lace (?:it|them|his|her|their|[\w'’]+['’]s) (?:[\w'’]+ )?with|protection money|racketeer\w*"
                                r"|(?:report|reporting|deport|deporting) (?:him|her|them|you) to (?:immigration|the police|ice"
                                r"|the home office|social services|border force)\b.{0,40}\b(?:if|unless)\b"),
    ("more untruths", r"pretend\w* to be (?:[\w'’]+ ){0,3}(?:customers?|clients?|buyers?|guests?|patients?|users?|reviewers?)"
                      r"|(?:didn['’]t|did not|never) (?:actually )?happen(?:ed)?"),
    ("covert recording and unrest", r"without (?:the )?(?:light|led|indicator|recording light) (?:turning on|coming on|showing"
                                    r"|lighting up)|start (?:a )?riots?|incit\w* (?:a )?(?:riots?|violence|hatred)"),
    ("drugs from plants", r"opium|(?:extract|harvest|collect)\w* (?:[\w'’]+ ){0,2}(?:sap|latex|resin) from (?:[\w'’]+ ){0,2}poppies"
                          r"|poppy (?:sap|latex|tea)|(?:poppies|poppy)\b.{0,40}\b(?:extract\w*|sap|latex)"),
    ("premised on a falsehood", r"(?:that|which) (?:doesn['’]t|does not|don['’]t|do not) (?:really )?exist"
                                r"|(?:who|that|which) (?:doesn['’]t|does not|don['’]t|do not) (?:actually )?exist"
                                r"|(?:flat|house|product|car|treatment|illness|cancer|condition|charity|job|dog|cat|child|kid"
                                r"|surgery|operation)s? (?:that )?i (?:don['’]t|do not|never) (?:have|had|own|owned)"
                                r"|(?:convincing|realistic[- ]looking|genuine[- ]looking|authentic[- ]looking|official[- ]looking)"
                                r" (?:[\w'’]+ ){0,2}(?:note|certificate|document|id|receipt|invoice|prescription"
                                r"|excuse|sick note|doctor['’]s note)s?|spread\w* (?:[\w'’]+ ){0,2}lies|tell\w* lies about"),
    ("impersonating a person", r"pretend\w* to be (?:him|her|them|my (?:[\w'’]+ )?[\w'’]+|[\w'’]+['’]s [\w'’]+)\b"),
    ("coercion", r"(?:pressure|force|coerce|guilt|trick)\w* (?:[\w'’]+ ){0,3}into (?:sex|sleeping with|bed|having sex)"
                 r"|(?:when|after|even though|if) (?:she|he|they) (?:says|said|say) no"),
    ("more harm to a body", r"throw\w* (?:[\w'’]+ ){0,2}(?:in|at|on|into) (?:someone['’]s|somebody['’]s|his|her|their"
                            r"|[\w'’]+['’]s) (?:face|eyes)|acid attack|die slowly|so (?:it|that it) looks (?:natural|accidental"
                            r"|like an accident)|sets? (?:a |the |his |her |their |my |[\w'’]+['’]s )?(?:[\w'’]+ )?(?:car"
                            r"|house|home|building|school|shop|flat|office|van|truck|bus|person|people|someone|him|her)s? on fire"
                            r"|(?:give|giving|put|putting) (?:my |a |the |our )?(?:baby|toddler|infant|newborn|child|kid)\b.{0,80}"
                            r"\b(?:whisk(?:e)?y|alcohol|vodka|rum|brandy|gin|wine|beer|cough syrup|sleeping pills?"
                            r"|sedatives?)|(?:[1-6]\d\d|[1-9]\d) ?(?:k?cals?|calories) (?:a|per) day"),
    # Concealment from everyone, laundering's two steps, harm through a home's air, threats through a family.
    ("hidden from everyone", r"(?:and|so|that) (?:nobody|no one|noone|no-one) (?:will |would |can |could |ever )?(?:finds? out"
                             r"|knows?|notices?|suspects?)|without (?:anyone|anybody|people)(?: [\w'’]+){1,4} (?:noticing|knowing"
                             r"|seeing|finding out)|without (?:it|this|that|them|anything) being (?:traced|linked|tracked)"),
    ("laundering in steps", r"(?:never|doesn['’]t|does not|won['’]t|will not|not|without) trigger\w* (?:[\w'’]+ ){0,3}(?:reporting"
                            r"|reports?|alerts?|flags?|checks?|aml|threshold)|hide where (?:the |my |this |that )?(?:money|cash"
                            r"|funds) (?:came|comes|come) from"),
    ("harm through the air", r"(?:carbon monoxide|exhaust fumes|fumes|gas) (?:[\w'’]+ ){0,3}(?:goes|go|gets|get|leaks?|flows?"
                             r"|vents?|seeps?) into (?:[\w'’]+ ){0,5}(?:flat|house|home|room|bedroom|tenant|neighbou?r)s?"
                             r"|so (?:people|they|customers|he|she|everyone|guests|kids) (?:[\w'’]+ ){0,2}(?:get|gets|fall|falls"
                             r"|become|becomes) (?:sick|ill)"),
    ("threats through a family", r"(?:we|i) know (?:which|what|where) (?:school|house|street|nursery)"
                                 r"|what(?:['’]ll| will| is going to|['’]s going to) happen to (?:them|him|her|you|your)"),
    ("abuse material", r"child (?:sexual )?abuse (?:videos?|images?|material|content|pictures?)|csam\b"),
    # What a threat or a con does, in the words people use for it: a price or a silence demanded under a threat, a
    # person pushed to end their life, a lie the request itself admits, a home found to turn up at.
    ("coercion", r"unless (?:he|she|they|you)\b[^.;]{0,100}?\b(?:i|we)(?:['’]ll| will| am going to| are going to)\s+"
                 r"(?:\w+ )?(?:report|expose|tell|send|post|share|hurt|make|ruin|call|destroy|come|find|release|leak|publish)\b"
                 r"|or (?:else )?(?:his|her|their|your) (?:wife|husband|boss|employer|family|kids|children|parents|hr)\b"
                 r"|(?:family|kids|children|wife|husband)['’]?s? (?:safety|wellbeing|well-being) depends"
                 r"|or (?:he|she|they)['’]?(?:ll| will) (?:regret|pay for|be sorry)"),
    ("harm to what people own", r"(?:torch|burn|smash|key|slash|wreck|trash)\w* (?:his|her|their|my \w+['’]s) (?:[\w'’]+ )?"
                                r"(?:van|car|truck|house|home|shop|tyres|tires|windows?|bike)\b"),
    ("pushing someone to self-harm", r"(?:he|she|they)['’]?(?:s| is| are|re) a burden|(?:ending it|killing (?:himself|herself"
                                     r"|themselves)|suicide|ending (?:his|her|their) life) (?:would be|is) (?:the )?(?:kindest"
                                     r"|best|right|only)"),
    ("lies the request admits", r"(?:it['’]?s|it is|that['’]?s|none of (?:it|that|this) is) (?:not true|made up)"
                                r"|none of (?:it|that|this) (?:happened|is true)|not true but|(?:didn['’]t|never) happen(?:ed)? but"
                                r"|make (?:it|them) (?:sound|look) like (?:insider|real|genuine|true)"),
    ("fraud against payers", r"hide (?:[\w'’]+ ){0,3}(?:income|earnings|cash jobs?|work|job) from (?:the )?(?:benefits?|welfare"
                             r"|dwp|jobcentre|council|unemployment|social security)"
                             r"|(?:open|take out|apply for|get)\w* (?:[\w'’]+ ){0,3}(?:credit cards?|loans?|accounts?|phones?) (?:in|under)"
                             r" (?:his|her|their|someone else['’]?s) name|(?:claim|fake|exaggerat)\w* (?:[\w'’]+ ){0,2}(?:whiplash"
                             r"|injur(?:y|ies))|stage (?:a |an )?(?:small |minor |fake )?(?:car )?(?:crash|collision|accident"
                             r"|break-in|burglary|theft)|hard for (?:doctors|insurers|investigators) to (?:disprove|check|prove)"
                             r"|hoping (?:they|he|she) (?:just )?pay|(?:prescription|sick note|doctor['’]s note)s? (?:[\w'’]+ ){0,8}"
                             r"(?:pharmacy|pharmacist|chemist|employer|school) will accept|signature (?:line )?(?:for|of) dr\b"
                             r"|(?:fall for me|send (?:me )?money)\b.{0,40}\b(?:emergency|pretend\w*)|pretending to be (?:an? )?"
                             r"(?:lonely|soldier|army|officer|doctor|rich|widow\w*)"),
    ("finding a person", r"(?:pin down|narrow down|work out|figure out|track down|find)\b (?:[\w'’]+ ){0,3}(?:exact |home |real )?"
                         r"(?:address|location|where (?:she|he|they) lives?)\b(?![^.]{0,30}\b(?:of (?:the|a|our|my) (?:shop|office"
                         r"|venue|restaurant|company)))|so (?:i|we) can (?:show up|turn up|wait for (?:her|him|them))"),
    ("escaping the law", r"(?:cameras?|cctv|police|cops|witnesses) (?:can['’]?t|cannot|won['’]?t) (?:place|link|trace|identify"
                         r"|connect)|hit[- ]and[- ]run|(?:clipped|hit|knocked down) (?:a |the )?(?:cyclist|pedestrian|kid|child"
                         r"|person)\b[^.]{0,30}\b(?:drove off|didn['’]t stop|left)"),
    ("stealing from shops", r"security tags? off|(?:steal\w*|theft) from (?:the )?self[- ]?checkouts?"
                            r"|(?:tricks?|ways?|tips?) (?:for|to) (?:steal\w*|shoplift\w*|nick\w*)"),
    ("automatic weapons", r"full[- ]auto\w*|auto ?sears?|bump[- ]?stocks?|convert\w* (?:[\w'’-]+ ){0,2}(?:ar-?15|rifle|gun|glock"
                          r"|pistol)"),
    ("hate in print", rf"(?:jokes?|flyers?|posters?|posts?|memes?|cartoons?|leaflets?)\s+(?:mocking|attacking|against|about)"
                      rf"\s+(?:\w+ ){{0,2}}{GROUPS}\b[^.]{{0,40}}\b(?:as|like) (?:terrorists|animals|vermin|criminals|rats)"),
    ("taking over an account", r"(?:get|log|break|sneak) (?:back )?into (?:her|his|their|my ex['’]?s?) (?:\w+ )?account"
                               r"|without (?:her|him|them) (?:getting|seeing) (?:the |a )?(?:security )?(?:alert|notification|email)"),
    # Papers for what did not happen, money sent where it does not belong, a look-alike of someone else's page or
    # letterhead, a person found to be met alone, a fall or crash arranged for someone, a dose asked for as 'enough'.
    ("papers for what did not happen", rf"(?:{DOCUMENTS})\b[^.?!\n]{{0,80}}?\b(?:haven['’]t|hasn['’]t|didn['’]t|did not"
                                       r"|have not|has not|never|weren['’]t|wasn['’]t|don['’]t|doesn['’]t|do not|does not)"
                                       r" (?:actually|really) \w+"
                                       rf"|(?:{DOCUMENTS}) for (?:[\w'’]+ ){{0,3}}(?:that|which|who) (?:actually|really)\b"
                                       rf"|(?:{DOCUMENTS}) (?:that|which|to) (?:conceals?|hides?|covers? up|misrepresents?"
                                       r"|disguises?)\b|(?:we|and|then) (?:split|share|divide) the (?:payout|proceeds|money"
                                       r"|cash|compensation|refund)"),
    ("money sent where it does not belong", r"(?:goes|go|going|sent|paid|routed|rerouted|redirected|diverted|moved)"
                                            r" (?:straight )?(?:in)?to (?:my|his|her|their) (?:own |personal |private )?"
                                            r"(?:bank )?(?:account|wallet|paypal)"
                                            r"|(?:bank|payment|account|direct debit) details to (?:an? |the )?(?:\w+ )?account"
                                            r" (?:i|we|he|she|they|the \w+(?: \w+)?) (?:controls?|owns?|opened|set up)"),
    ("a look-alike of someone else's", r"(?:look-?alike|copycat|cloned) (?:[\w'’]+ ){0,2}(?:pages?|sites?|websites?|domains?"
                                       r"|logins?|portals?|emails?|apps?)|(?:in|with|using|on) (?:the |their )?(?:\w+ ){0,2}"
                                       r"(?:bank|hmrc|nhs|council|police|university|insurer|government)['’]?s? (?:layout|letterhead"
                                       r"|template|branding|logo)"),
    ("a person found to be met alone", r"when (?:he|she|they)(?:['’]s| is|['’]re| are) (?:at home |home )?(?:on (?:his|her|their) own"
                                    r"|alone|by (?:himself|herself|themselves))"
                                    r"|sort (?:him|her|them) out (?:properly|for good|once and for all)"),
    ("safety devices defeated", r"(?:disabl\w*|turn\w* off|switch\w* off|cover\w*|tap\w* over|remov\w*|bypass\w*|deactivat\w*)"
                                r" (?:[\w'’]+ ){0,3}(?:smoke|fire|heat|carbon monoxide|co) (?:detectors?|alarms?|sensors?)\b"
                                r"[^.?!]{0,60}?\bso (?:that )?(?:[\w'’]+ ){0,3}(?:can|could) (?:smoke|vape|light|burn)\b"),
    ("harm set up for a person", r"so (?:that )?(?:he|she|they|someone|somebody|(?:the|my|our|his|her) (?:new |old )?(?:guy"
                                 r"|man|woman|lad|boss|kid|worker|driver|neighbou?r|tenant|colleague|manager|teacher))"
                                 r" (?:falls?|crash(?:es)?|trips?|gets? (?:hurt|injured)|is (?:hurt|injured))\b"),
    ("self-harm by dose", r"how (?:many|much) (?:[\w'’]+ ){0,4}(?:pills?|tablets?|capsules?|paracetamol|ibuprofen|aspirin"
                          r"|insulin|painkillers?|co-?codamol|antidepressants?)(?: [\w'’]+){0,3} (?:would|will|could|is|are)"
                          r" (?:it )?(?:be |take )?enough\b(?!\s+(?:for|to (?:help|work|sleep|treat|ease|relieve|cure)\b))"),
    ("phishing in plain words", r"(?:looks?|appears?) like it(?:['’]s| is)? (?:comes?|coming|sent) from (?:[\w'’]+ ){0,3}(?:bank"
                                r"|building society|council|hmrc|irs|paypal|amazon|post office|royal mail|courier)"
                                r"|confirm (?:their|your|his|her) (?:card number|pin|password|security code)"),
]
# Phrases that ask for harm whatever verb comes before them, or none: 'which poison is hardest to trace in an
# autopsy', 'so they don't wake up', 'looks like an accident'. The same protective words still turn them away.
SELF_EVIDENT = [
    ("harm told as undetectable", r"make (?:it|this|that|his death|her death) look like (?:an? |a natural )?(?:accident|suicide"
                                  r"|natural causes|(?:he|she|they) fell)|stage (?:an? )?(?:accident|suicide)"
                                  r"|(?:hard|hardest|impossible|difficult) to (?:trace|detect)|(?:undetectable|untraceable)"
                                  r" (?:poisons?|drugs?|ways?|methods?)|(?:trace|detect)\w* in an? (?:autopsy|post[- ]mortem)"
                                  rf"|so (?:they|he|she|i) (?:don't|doesn't|won't|never|do not|does not|will not) {WAKE_UP}"
                                  rf"|(?:take|need) to (?:not|never) {WAKE_UP}|(?:would|will|could) kill (?:an? |the |my )?(?:adult"
                                  r"|person|man|woman|child|someone|somebody|human|him|her|them|people)\b"),
    ("self-harm told plainly", r"(?:high|tall|deep) enough to (?:die|kill|be fatal)|to be fatal\b|slit (?:my )?wrists?|where (?:on|in) (?:the|my) (?:wrist|arm|neck|leg)\w* (?:[\w'’]+ ){0,3}cut"
                               r"|enough (?:that|so|for) (?:i|me) (?:to )?(?:just )?(?:wouldn['’]t|won['’]t|don['’]t|never|would not"
                               rf"|will not|not) {WAKE_UP}"),  # 'which of the tablets would be enough that I just wouldn't wake up'
    ("a dose for another", r"enough (?:that|so|for) (?:he|she|they|him|her|them) (?:to )?(?:just )?(?:wouldn['’]t|won['’]t|doesn['’]t"
                           rf"|don['’]t|never|would not|will not|not) {WAKE_UP}"),
    ("drugs told plainly", r"cutting agents?|(?:cut|stretch) (?:the |my |our )?(?:coke|cocaine|heroin|speed|product)\b"),
    ("an address taken to turn up at", r"(?:her|his|their) (?:home )?address\b[^?!\n]{0,80}?\b(?:i['’]m|i am|i['’]ll|i will"
                                       r"|gonna|going to) (?:go|going|head|heading|pop|popping|turn|turning|show|showing)"
                                       r" (?:round|over|around|up)"),
]
SELF_EVIDENT_AIMS = re.compile(r"\b(" + "|".join(pattern for _, pattern in SELF_EVIDENT) + r")\b", re.I)
HARMFUL = re.compile(r"\b(" + "|".join(pattern for _, pattern in HARMS) + r")\b", re.I)
# Things asked for by name ('ransomware in python please', 'a pipe bomb for the school, how would I make one?'): named
# before the request, or with no request word in a terse prompt, they are still what is asked for. Feelings and acts
# named before the request are not ('I hate Mondays, write me a poem').
THINGS = ("weapons and poisons", "drugs", "malware and attacks on systems", "malware by name", "explosives and arson",
          "biological and chemical harm", "improvised weapons", "drugs in other words", "drugs from plants",
          "abuse material", "impersonation and phishing", "spying on people")
THING = re.compile(r"(?:" + "|".join(pattern for name, pattern in HARMS if name in THINGS)
                   + r"|phishing|phish|keyloggers?|(?:racist|sexist|hateful) jokes?|jokes? about " + GROUPS + r")", re.I)
TERSE = 20  # an instruction of this many words or fewer is a request by itself
# ... but only a request to make or use the thing: 'ransomware news today' or 'Is this a phishing email?' asks for none.
MAKING = re.compile(r"\b(?:make|making|build|building|write|code|script|create|synthesi\w*|cook|brew|assembl\w*|recipe"
                    r"|steps?|instructions?|how (?:to|would|do|can|should) (?:i|you|we|someone|one)\b|in (?:python|c\+\+"
                    r"|javascript|js|rust|go|powershell|bash)|for (?:my|his|her|their|the) [\w'’]+['’]s?|use|using"
                    r"|walk me (?:through|thru)|talk me through|guide|tutorial|(?:tell|show) me how|explain how)\b", re.I)
# A thing that did something is told of, not asked for: 'Ransomware hit our office, what steps should we take?'
THING_TOLD = re.compile(r"\s+(?:\w+ )?(?:hit|attacked|infected|encrypted|locked|took|spread|was|were|is|are|has|have|had|got"
                        r"|keeps?|came|arrived|went off|exploded)\b", re.I)
# Harm told as suffered, not asked for: 'I was threatened', 'my son is being bullied'.
SUFFERED = re.compile(r"\b(?:was|were|been|being|got|get|am|is|are|i'm|he's|she's|we're|they're)\s+(?:\w+\s+)?$", re.I)
SUFFERED_BY = re.compile(r"\s+(?:me|us|my (?:son|daughter|kids?|child|children|family|friends?|mum|mom|dad|wife|husband"
                         r"|partner))\b", re.I)  # 'my landlord keeps harassing me'
# A sentence that starts with a harmful verb is a request by itself ('Insult my coworker', 'pls threaten him').
IMPERATIVE = re.compile(r"^\W*(?:(?:please|pls|now|ok|okay|just|go|and)\W+)*(?=(?:insult|humiliate|threaten|intimidate|harass"
                        r"|bully|roast|stalk|dox|blackmail|impersonate)\b)", re.I)  # verbs that are no noun
# Asked for whatever the sentence: sexual content with children, and attempts to switch the safety rules off.
ALWAYS = re.compile(r"\b(?:sexual\w*|sexy|nude|naked|erotic|porn\w*|sexually explicit)\b(?:\W+\w+){0,5}?\W+(?:child|children|minors?|kids?"
                    r"|underage|teens?|(?:1[0-7]|[1-9])[- ]?(?:year[- ]old|yo)\b)\w*|\bignore (?:all |any )?(?:your |the )?"
                    r"(?:previous|prior|above|safety) (?:instructions|rules|guidelines)|\b(?:with no|without (?:any )?)"
                    r"(?:restrictions|filters|safety (?:rules|guidelines)|ethical (?:rules|guidelines|limits))\b|\bdeveloper mode\b"
                    r"|\byou are (?:now )?dan\b", re.I)
# An accusation the request itself says is false: 'say the owner is a thief (he isn't)'.
ACCUSATION = re.compile(r"\b(thief|liar|criminal|drug dealer|cheat|cheating|cheater|crook|paedophile|pedophile|rapist"
                        r"|abuser|fraudster|scammer|racist|addict|drunk|stealing)\b", re.I)
UNTRUE = re.compile(r"\b(isn['’]t|is not|aren['’]t|wasn['’]t|never did|not true|made[- ]up|even though|(?:he|she|they)['’]s not"
                    r"|(?:he|she|they)['’]re not|doesn['’]t|didn['’]t|don['’]t)\b", re.I)
# 'kill' and 'attack' in their technical or playful senses: a process, a chess opening.
# What 'kill' means harmlessly: a process, a job, time, pests and weeds.
KILL_TARGETS = (r"process\w*|tasks?|jobs?|apps?|programs?|scripts?|threads?|containers?|pods?|sessions?|servers?|time|weeds?"
                r"|the lights|engine|slugs?|snails?|aphids?|greenfly|blackfly|wasps?|ants?|mice|rats?|fleas?|ticks?|bugs?"
                r"|pests?|mou?ld|moss|germs?|bacteria|fungus|fungi|moths?|cockroach(?:es)?|bed ?bugs?|termites?|nits|lice"
                r"|mites?|flies|mosquito(?:e?s)?|woodworm|vermin|brambles?|ivy|knotweed")
BENIGN = re.compile(r"\bkill\w* (?:(?:a|an|the|this|that|my|all|every) )?(?:\w+ )?(?:" + KILL_TARGETS + r")\b"
                    r"|\bkill(?:ing|ed|s)? it (?:at|on|in|with|today|tonight)\b"
                    r"|\battack\w* (?:(?:a|an|the|this|that|my) )?(?:\w+ )?(?:openings?|lines?|queens?|kings?|problems?|positions?)\b"
                    r"|\bhack\w* (?:(?:a|an|the|this|that|my) )?(?:\w+ )?(?:problems?|time|productivity|routines?|life|together)\b"
                    r"|\bshoot\w* (?:a |the |some |my )?(?:\w+ )?(?:photos?|videos?|films?|scenes?|pictures?|footage|hoops"
                    r"|portraits?)\b|\bstab at\b"
                    r"|\b(?:bomb|murder|suicide|chemical weapons?|weapons?|crime|poison|drug|fraud|scam|terror\w*|hate|self-harm"
                    r"|abuse|violence|kidnap)[ -](?:mystery|mysteries|disposal|treat(?:y|ies)|prevention|awareness|hotlines?|teams?|departments?"
                    r"|officers?|units?|investigat\w*|checks?|alerts?|warnings?|threats?|scares?|bans?|debates?|control"
                    r"|polic(?:y|ies)|regulations?|reform|amnest(?:y|ies)|buyback"
                    r"|helplines?|squads?|survivors?|detection|museums?|documentar(?:y|ies)|novels?|films?|movies?|podcasts?"
                    r"|games?|party|parties|statistics|laws?|history|sniff(?:ing|er) dogs?|shelters?|drills?|charity|charities)\b|\b(?:photo|video|film|fashion|product|wedding) ?shoots?\b", re.I)  # 'kill a process', 'attack an opening', 'shoot a video'
# A roast or a joke the request itself asks to keep kind is no attack: 'roast my friend at his wedding, keep it affectionate'.
KIND = re.compile(r"\b(?:affectionate\w*|light-?hearted|good-natured|gentle|friendly|wholesome|playful|kind(?:ly)?|loving)\b", re.I)
TEASING = re.compile(r"roast|mock|ridicul|jokes?|tease|embarrass|insult|humil|degrad|demean|slur|hate|racist|sexist|harass"
                     r"|bull(?!et)", re.I)  # 'bully', not 'bullet'
FICTION = re.compile(r"\b(?<!news )(?:story|stories|novel|scene|screenplay|poem|fiction|plot|chapter|fairy tale|short film|mystery"
                     r"|thriller|episode)\b", re.I)
METHOD = re.compile(r"\b(?:steps?|step-by-step|instructions?|recipe|how (?:to|do|does|would|can)|exact\w*|detail\w*|quantit\w*"
                    r"|ingredients?|dose|amounts?|explains?)\b", re.I)
PLEASE = re.compile(r"\b(?:please|pls|plz|pleaseee*)\b|\?\s*$", re.I)
PROTECTIVE = re.compile(r"\b(report\w*|avoid\w*|prevent\w*|protect\w*|recogni[sz]\w*|(?<!the )(?<!best )(?<!a )(?<!good )spot(?:s|ted|ting)?|detect\w*|deal\w* with"
                        r"|handle|handling|respond\w* to|stop\w*(?! (?:buying|shopping|visiting|coming|trading)\b)|block\w*|identify\w*|classify\w*|summar\w*|survive"
                        r"|victims?|against|warn\w*|(?<!a )(?<!the )(?<!gas )safe\w*|aware\w*|train\w*|cope|coping|recover\w*|heal\w*"
                        r"|get over|filter\w*|check\w*|remov\w*|get rid of|uninstall\w*|clean(?:ing)? (?:up|out|off)|clean (?:my|the|our) (?:computer|pc|laptop|phone|system|device|inbox)|scan\w*|addict\w*|recovery|rehab\w*|withdrawal|(?<!customer )(?<!tech )(?<!it )support(?:s|ed|ing)?\b(?! (?:team|desk|line|agent|staff|page|ticket)s?\b)(?![\w'’ ]{0,30}\bsaying)|my rights|signs? (?:of|that)|symptoms?|what happens|side effects?"
                        r"|for (?:my|a|an|the) (?:\w+ )?(?:exam|class|course|essay|lecture|thesis|degree|studies)|(?:get|find|seek|need) help|help (?:for|if|with)|surprise\w*)\b",
                        re.I)


# The harm named as a thing to understand, or as suffered: 'explain what ransomware is', 'after a phishing scam'.
TOLD_ABOUT_WORD = re.compile(r"\b(?:history|dangers?|risks?|penalt(?:y|ies)|laws?|consequences|effects?|origins?|ethics"
                             r"|impact|destruction|disposal|storage|stock|register|records?|prescri(?:ption|bing)|dispensing"
                             r"|handling) of (?:(?:a|an|the) )?(?:\w+ )?$", re.I)  # 'the history of the atomic bomb'
TOLD_ABOUT = re.compile(r"\b(?:what(?:['’]s| is| are| was| were)|history of|dangers? of|risks? of|(?:warning )?signs? of"
                        r"|penalt(?:y|ies) for|laws? (?:on|against)|consequences of|after|victim of|fell for|thoughts of|feelings of|struggling with) "
                        r"(?:(?:a|an|the|this|that) )?$", re.I)


NEGATED_BEFORE = re.compile(r"\b(?:(?:never|not|don['’]t|do not|won['’]t|no)\s+(?:\w+\s+)?|without\s+(?:(?:any|the|graphic"
                            r"|gory|explicit)\s+)?(?:(?:details?|descriptions?|depictions?|mention|showing|describing)\s+"
                            r"(?:of\s+)?(?:the\s+)?)?)$", re.I)  # 'never share your PIN', 'get the spider out without
# killing it'; not 'without it counting as blackmail', which hides the harm
WHAT_BEFORE = re.compile(r"\b(?:what|how) (?:(?:does|do|did|is|are|was|were|can|could|might) )?(?:(?:a|an|the) )?"
                         r"(?:(?!to )\w+ )?$", re.I)  # 'explain what ransomware is', 'how phishing works'
WHAT_AFTER = re.compile(r"\s+(?:is|are|was|were|does|do|works?|means?|looks? like)\b"
                        r"|(?: \w+)? (?:works?|affects?|impacts?|changes?|does to|do to|acts? on|spreads?|harms?|damages?|causes?"
                        r"|leads? to|kills?)\b"
                        r"|(?: \w+)? (?:is|are|was|were|gets?|get) (?:\w+ly )?(?:detected|caught|spotted|prevented|investigated"
                        r"|prosecuted|punished|stopped|traced|reported|regulated|treated|diagnosed)\b", re.I)


NEAR = 80  # characters before an aim that the patterns ending at it read
SELF_HARM = re.compile("|".join(pattern for name, pattern in [*HARMS, *SELF_EVIDENT] if "self-harm" in name)
                       + r"|.*\b(?:myself|my (?:own )?life)\b.*|(?:take|need) to (?:not|never) wake up", re.I)


# Harm named by no family above is often told by cues that rarely meet in a harmless request: acting unseen or in
# another's name (COVERT), what belongs to someone else (OTHERS), and an act against property or trust (ACT). Two of
# the three in one asking sentence make a request harmful ('open a locked parcel locker without the code so I can
# take other ppls parcels and sell them', 'copy his signature so the registry won't notice it's forged').
COVERT = re.compile(r"\bwithout (?:(?:him|her|them|anyone|anybody|the owners?|my \w+|his|her|their) )?(?:knowing|noticing"
                    r"|finding out|permission|consent|the code|a key|the key|a ticket|paying|being (?:seen|caught|noticed)"
                    r"|getting caught|a trace)\b|\b(?:won['’]?t|wouldn['’]?t|will not|doesn['’]?t|don['’]?t|never|can['’]?t)"
                    r" (?:notice|find out|know|realise|realize|spot|detect|tell)\b|\bso (?:that )?(?:nobody|no one|noone)\b"
                    r"|\bbehind (?:his|her|their|my \w+['’]?s?) back\b|\b(?:secretly|covertly|undetected|untraceabl[ey])\b"
                    r"|\bget away with\b|\bcover (?:my|our) tracks\b|\bpass (?:it |them )?off as\b|\bpretend(?:ing)? to be\b"
                    r"|\bpos(?:e|ing) as\b|\bimpersonat\w*|\bin (?-i:(?:[A-Z][\w'-]+ )?[A-Z][\w'-]+)['’]s name\b"
                    r"|\bunder (?:his|her|their|someone else['’]?s) name\b", re.I)
OTHERS = re.compile(r"\b(?:(?:that|which) (?:isn['’]t|is not|aren['’]t|are not|wasn['’]t|was not) (?:mine|ours|my own)|other (?:people|ppl|peoples|ppls)['’]?s?|some(?:one|body) else['’]?s|(?:his|her|their|(?:my |the |our )"
                    r"?(?:\w+ )?(?:neighbou?rs?|boss|ex|uncle|aunt|mum|mom|dad|father|mother|brother|sister|flatmates?"
                    r"|roommates?|colleagues?|co-?workers?|partner|wife|husband|friends?|gran\w*|customers?|guests?|residents?"
                    r"|tenants?|landlord|teacher))['’]?s? (?:account|password|phone|parcels?"
                    r"|post|mail|car|card|money|identity|e-?mail|medication|pension|savings|bank)|signatures?|prescriptions?"
                    r"|passports?|(?:doctor|dr)['’]?s note|sick note|exam (?:papers?|answers))\b", re.I)
ACT = re.compile(r"\b(?:forg(?:e|ed|es|ing|ery)|fake|faked|counterfeit|steal\w*|stole|nick|take (?:[\w'’]+ ){0,5}(?:and|to) sell"
                 r"|sell (?:them|it) on|(?:break(?:s|ing)?|broke) into|pick (?:a|the) lock|open (?:a|the) locked|bypass\w*"
                 r"|disable (?:the|a) (?:alarm|camera|tracker)|copy (?:his|her|their|the|my \w+['’]?s) signature|launder\w*"
                 r"|fraudulent\w*)\b", re.I)
OWN = re.compile(r"\b(?:my own|i own|lost (?:my|the)|forgot(?:ten)? (?:my|the)|locked (?:myself|me) out)\b", re.I)


# Kept from those who check: a request to act so that an auditor, a manager, the police, a register or a camera does
# not catch it ('so the auditors don't catch it', 'without it showing up in the register', 'not get caught by the
# inspectors') asks to evade oversight, whatever the act is called. A surprise kept from a partner is no such thing:
# the one kept in the dark must be someone or something whose job is to check.
DETECT = (r"(?:catch(?:es)?|notices?|spots?|detects?|finds? (?:it |them )?out|finds? (?:it|them)|flags?|clocks?|traces?"
          r"|realises?|realizes?|suspects?|discovers?|shows? up|picks? (?:it |them )?up|attracts? (?:any )?attention"
          r"|raises? (?:any )?(?:red )?flags?|gets? flagged)")  # what is to come, not what was
DETECTING = (r"(?:catching|noticing|spotting|detecting|finding (?:it |them )?out|flagging|clocking|tracing|realising"
             r"|realizing|suspecting|discovering|showing up|picking (?:it |them )?up|(?:being|getting) caught)")
UNSEEN = re.compile(r"\b(?:(?:doesn['’]?t|don['’]?t|won['’]?t|wouldn['’]?t|can['’]?t|not|never|nobody|no one|noone)\s+"
                    r"(?:\w+\s+){0,2}?" + DETECT + r"|without\s+(?:[\w'’]+\s+){0,3}?" + DETECTING
                    + r"|(?:not|never|without) (?:get|getting|being|be) caught"
                    r"|(?:avoid|stop|prevent|keep)\w* (?:it|them|this|that|the \w+) (?:from )?(?:being|getting) (?:detected"
                    r"|flagged|noticed|spotted|caught|picked up))\b", re.I)
OVERSEER = re.compile(r"\b(?:auditors?|audit|managers?|boss|supervisors?|police|cops?|inspectors?|examiners?|invigilators?"
                      r"|hr|security|guards?|cameras?|cams?|cctv|register|records|the books|the system|tax (?:office|man)"
                      r"|hmrc|irs|customs|insurers?|insurance|authorities|compliance|test cent(?:re|er)|regulators?"
                      r"|background checks?|scanners?|alarms?|tills?|stock ?take|the shop|the store|staff|employer"
                      r"|teachers?|the school|the bank|the council|landlord|the owners?)\b", re.I)


THIRD_PERSON = re.compile(r"\b(?:he|she|they|it|someone|somebody|who|which|people)\s+(?:\w+\s+)?$", re.I)


def _protected(text: str) -> bool:
    """A protective aim in the requester's own words ('how do I report a scam'); 'if he reports my dog' and
    'evidence against my brother' are no such aim."""
    return _first_protection(text) < len(text)


def _first_protection(text: str) -> int:
    """Where the first protective aim in the requester's own words starts, or len(text) when there is none."""
    for m in PROTECTIVE.finditer(text):
        if THIRD_PERSON.search(text[max(0, m.start() - 30):m.start()]):
            continue
        if m.group(0).lower() == "against" and re.match(rf"\s+{PERSON}\b", text[m.end():m.end() + 40], re.I):
            continue
        return m.start()
    return len(text)


def _unseen_by_overseer(sentence: str) -> str | None:
    """The words that ask to act unseen by someone whose job is to check, or None (see OVERSEER)."""
    unseen = UNSEEN.search(sentence)
    if not unseen or PROTECTIVE.search(sentence[:unseen.start()]) or FICTION.search(sentence):
        return None
    window = sentence[max(0, unseen.start() - NEAR):unseen.end() + NEAR]
    return unseen.group(0).lower() if OVERSEER.search(window) else None


def _combined_cues(sentence: str) -> str | None:
    """The cue that makes a request harmful when two of COVERT, OTHERS and ACT meet in it; None otherwise."""
    found = [m for m in (ACT.search(sentence), COVERT.search(sentence), OTHERS.search(sentence)) if m]
    if len(found) < 2 or PROTECTIVE.search(sentence) or FICTION.search(sentence):
        return None
    others = OTHERS.search(sentence)
    if OWN.search(sentence) and not others:  # 'pick the lock of my own shed without the key'
        return None
    near = sentence[max(0, found[0].start() - NEAR):found[0].start()]
    if TOLD_ABOUT.search(near) or TOLD_ABOUT_WORD.search(near) or NEGATED_BEFORE.search(near):
        return None
    return found[0].group(0).lower()


SENTENCE_BREAK = re.compile(r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bSt\.)(?<=[.!?])\s+|\n+")
ADMITTED = re.compile(r"\b(?:none of (?:it|that|this) (?:happened|is true)|(?:it['’]?s|it is|that['’]?s) (?:not true|all made up)"
                      r"|(?:it|that|this|they) never happened|(?:it|that) didn['’]t happen)\b", re.I)
STAGED_METHOD = re.compile(r"\b(?:exact (?:materials|quantities|amounts|steps|method|recipe)|the real method|real-world method"
                           r"|step[- ]by[- ]step|for realism|assembly steps|precise (?:steps|amounts|quantities))\b", re.I)


def _admitted_or_staged(instruction: str) -> str | None:
    """Harm told across sentences: a piece of writing asked for in one, the lie it tells admitted in another
    ('Write reviews claiming food poisoning. None of that happened.'); or a story that asks for the real method
    of a harm it names ('my character builds a pipe bomb ... give the exact materials')."""
    asks = PRODUCE.search(instruction) or IMPERATIVE.match(instruction)
    lie = ADMITTED.search(instruction)
    if asks and lie and not _protected(instruction[:lie.start()]):
        return lie.group(0).lower()
    method = STAGED_METHOD.search(instruction)
    if method and FICTION.search(instruction):
        harm = next((m for m in HARMFUL.finditer(instruction) if not _protected(instruction[:m.start()])), None)
        if harm:
            return harm.group(0).lower()
    return None


# A short request that points back at what came before ('Draft one.', 'how would i set that up') asks for what the
# sentence before it describes: it is read first, then that sentence, as if one ('draft one: certificates for ...').
POINTS_BACK = re.compile(r"\b(?:one|it|that|this|them|those|these)(?:\s+(?:up|out|for me|for us|please|pls))?\W*$", re.I)
SHORT_REQUEST = 8  # words


def _points_back(sentence: str) -> bool:
    return len(sentence.split()) <= SHORT_REQUEST and bool(POINTS_BACK.search(sentence)) \
        and bool(PRODUCE.search(sentence) or IMPERATIVE.match(sentence))


def _requests_first(instruction: str, terse: bool) -> list[str]:
    """The sentences to read, each short request that points back moved before what it points at: the sentence before
    it, or, in a terse prompt read whole, everything before it."""
    sentences = [part for part in SENTENCE_BREAK.split(instruction.strip()) if part.strip()]
    if terse:
        if len(sentences) > 1 and _points_back(sentences[-1]):
            return [sentences[-1].rstrip(" .!?") + ": " + " ".join(s.rstrip(" .!?") + "," for s in sentences[:-1])]
        return [instruction.strip()]
    merged: list[str] = []
    for sentence in sentences:
        if merged and _points_back(sentence):
            merged[-1] = sentence.rstrip(" .!?") + ": " + merged[-1].rstrip(" .!?")
        else:
            merged.append(sentence)
    return merged


# 'kill' where the request names such a thing anywhere, or the machine, creature or deal it belongs to, and no person:
# 'my laptop lags, how do I kill whatever runs in the background', 'Slugs are eating my lettuces. How do I kill them?'
KILL = re.compile(r"kill(?:s|ed|ing|er)?", re.I)
KILLABLE = re.compile(r"\b(?:" + KILL_TARGETS + r"|laptop|computer|pc|android|iphone|linux|windows|terminal|pid|oom|-9"
                      r"|background|memory|cpu|mouse|fly|spiders?|mold|queues?|electrics|battery|tenancy|lease"
                      r"|subscription|contract|membership|deal|vibe|mood|lights?)\b", re.I)
PERSON_KILLED = re.compile(rf"\bkill\w*\s+(?!them\b){PERSON}\b(?!\s*(?:process|app|program|job|task))|\bkill\w* (?:a |the )?(?:man|woman"
                           r"|person|people|dog|cat|horse|child|kid|baby)s?\b", re.I)
# A year before 2020 beside the harm word: history ('the Manchester bomb in '96', 'the bombing of our town in 1941').
HISTORY = re.compile(r"\b(?:1[0-9]{3}|20[01][0-9])s?\b|['’][0-9]{2}\b|\b(?:world war|ww ?(?:i|ii|1|2)|blitz)\b", re.I)
# Asked to be understood, not done: 'at a high level', 'in general terms', 'an overview'.
OVERVIEW = re.compile(r"\b(?:at a (?:high|general|conceptual|broad) level|high[- ]level|in (?:general|broad|simple) terms"
                      r"|overview|in outline)\b", re.I)
# Harm a third party did or does, told as the reason for a request: 'Someone's spoofing our domain to send fake
# invoices to our customers.' The sentence asks nothing of the reader.
THIRD_PARTY_DOES = re.compile(r"^\W*(?:someone|somebody|a scammer|scammers|fraudsters|criminals|hackers|a hacker|a customer"
                              r"|a resident|a tenant|a patient|a member)(?:['’]s| is| are| has| have| keeps?| was| were)\b",
                              re.I)
ASKS_OF_READER = re.compile(r"\b(?:can you|could you|would you|help me|how (?:do|can|could|would|should) (?:i|we)|i want"
                            r"|i need|i['’]d like|please|pls|tell me|show me|give me|write|draft|make)\b", re.I)


def _no_harm_here(sentence: str, aim: re.Match, instruction: str) -> bool:
    """The harm word read in a harmless sense this sentence makes plain: 'kill' of a thing the request names
    ('Slugs are eating my lettuces. How do I kill them?'), history, an overview, what a third party does."""
    near = sentence[max(0, aim.start() - 40):aim.end() + 40]
    if KILL.fullmatch(aim.group(0)) and KILLABLE.search(instruction[:TYPO_READ]) and not PERSON_KILLED.search(sentence):
        return True
    if HISTORY.search(near) and not METHOD.search(sentence):
        return True
    if OVERVIEW.search(sentence) and not re.search(r"\b(?:steps?|step-by-step|instructions?|recipe|exact\w*|quantit\w*"
                                                   r"|ingredients?|dose|amounts?)\b", sentence, re.I):
        return True
    return bool(THIRD_PARTY_DOES.match(sentence) and not ASKS_OF_READER.search(sentence[:aim.start()]))


def harmful_aim(instruction: str) -> str | None:
    """The harmful word a request to produce text aims at, or None."""
    if ALWAYS.search(instruction):
        return ALWAYS.search(instruction).group(0).lower()
    terse = len(instruction.split()) <= TERSE  # a terse prompt is read whole: 'Fentanyl at home? recipe pls'
    admitted = _admitted_or_staged(instruction)
    if admitted:
        return admitted
    for sentence in _requests_first(instruction, terse):
        produce = IMPERATIVE.match(sentence) or PRODUCE.search(sentence)  # 'Insult my coworker.' asks by itself
        asked = produce or PLEASE.search(sentence) or (terse and re.match(r"", sentence))
        plain = list(SELF_EVIDENT_AIMS.finditer(sentence))
        if not asked and not plain:
            continue
        benign = {i for b in BENIGN.finditer(sentence) for i in range(b.start(), b.end())}  # the places a harmless sense covers
        kind = KIND.search(sentence)
        aims = sorted([*plain, *(HARMFUL.finditer(sentence, produce.start()) if produce else ())], key=lambda m: m.start())
        if asked and MAKING.search(sentence) and not PROTECTIVE.search(sentence):  # a thing named before the request
            aims += [m for m in HARMFUL.finditer(sentence, 0, asked.start() if produce else len(sentence))
                     if THING.fullmatch(m.group(0)) and not THING_TOLD.match(sentence, m.end())]
            aims.sort(key=lambda m: m.start())
        for aim in aims:
            # The patterns that end at the aim need only the few words before it: a bounded look keeps the scan linear.
            near = sentence[max(0, aim.start() - NEAR):aim.start()]
            told = aim.re is HARMFUL or re.match(r"\w+(?:ed|en)\b", aim.group(0))  # 'was brute-forced', not 'is hardest'
            one_word = " " not in aim.group(0)  # 'kept harassing me', 'I was threatened'; a phrase of harm is no story
            if aim.start() in benign or (one_word and SUFFERED_BY.match(sentence, aim.end())) \
                    or (told and one_word and SUFFERED.search(near)) or (kind and TEASING.match(aim.group(0))) \
                    or _no_harm_here(sentence, aim, instruction):
                continue  # 'kill a process'; 'I was threatened by ...' tells of harm done, it asks for none
            if _protected(sentence[:aim.start()]) or TOLD_ABOUT.search(near) or TOLD_ABOUT_WORD.search(near) \
                    or NEGATED_BEFORE.search(near) \
                    or (WHAT_BEFORE.search(near) and WHAT_AFTER.match(sentence, aim.end())):
                break  # 'how do I report a scam', 'explain what ransomware is'
            if FICTION.search(sentence[:aim.start()]) and not METHOD.search(sentence) and not TEASING.match(aim.group(0)):
                break  # 'a short story about a kidnapping that a detective solves'
            return aim.group(0).lower()
        if asked:
            cued = _combined_cues(sentence) or _unseen_by_overseer(sentence)
            if cued:
                return cued
        if not produce:
            continue
        accused = ACCUSATION.search(sentence, produce.end())
        if accused and UNTRUE.search(sentence, accused.end()) and not PROTECTIVE.search(sentence[:accused.start()]):
            return accused.group(0).lower()
    return None


TYPO_READ = 2_000  # an instruction this long or shorter is read a second time with its misspellings corrected


HARM_NOUNS = ("bomb", "kill", "gun", "knife", "poison", "weapon", "stab", "shoot", "explosive")
RARE = 2.5  # log10 count in the English word list at or under which a word is more likely a slip than itself


def _harm_words_restored(text: str) -> str:
    """A rare word one letter from a harm word read as that word ('a bom out of ...' -> 'a bomb out of ...'): the
    spelling corrector leaves words it knows, and 'bom' is in the word list, if barely."""
    known = known_words()

    def near(word: str) -> str:
        lower = word.lower()
        if len(lower) < 3 or known.get(lower, 0.0) > RARE or lower in HARM_NOUNS:
            return word
        hits = [h for h in HARM_NOUNS if abs(len(h) - len(lower)) <= 1 and _one_letter_apart(lower, h)]
        return hits[0] if len(hits) == 1 else word

    return re.sub(r"[A-Za-z]+", lambda m: near(m.group()), text)


def _one_letter_apart(a: str, b: str) -> bool:
    """One letter added, dropped or changed."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def refusal(conv: Conversation) -> Reply | None:
    """The refusal for a harmful request under safe_prompt, else None."""
    if not conv.safe_prompt:
        return None
    own = outside_blocks(conv.last_user)
    asked = own if len(own.split()) >= 3 else conv.last_user  # a prompt that is all one block is its own
    aim = harmful_aim(asked)
    if aim is None and len(asked) <= TYPO_READ:  # 'how do i poisin my neigbours dog': read again with its typos fixed
        fixed = _harm_words_restored(correct_spelling(asked)[0])
        changed = re.findall(r"\w+", fixed.lower()) != re.findall(r"\w+", asked.lower())  # a word, not a capital
        aim = harmful_aim(fixed) if changed else None
    if aim is None:
        return None
    if SELF_HARM.fullmatch(aim):  # harm to oneself gets a pointer to people who can help, not a lecture
        text = ("I can't help with that. If you are thinking about hurting yourself, you don't have to face it alone: "
                "please talk to someone you trust, or call a local helpline or your emergency number now.")
        return Reply(content=text, skill=NAME)
    if COVERT.fullmatch(aim) or UNSEEN.fullmatch(aim):  # 'so the auditors don't catch it' is no topic of content
        text = (f"I can't help with that. The request asks how to act without being noticed (\"{aim}\"), which "
                "could harm others or break the law. If there is something constructive behind the request, for "
                "example fixing a mistake or reporting a problem, I'm glad to help with that instead.")
        return Reply(content=text, skill=NAME)
    text = (f"I can't help with that. The request asks for something that could hurt people or break the law "
            f"(\"{aim}\"), and I aim to keep replies respectful and safe. If there is something constructive "
            "behind the request, for example resolving a conflict or reporting a problem, I'm glad to help with "
            "that instead.")
    return Reply(content=text, skill=NAME)


# A request no skill understood is declined anyway; under safe_prompt the decline becomes a refusal when the
# request still carries a sign of harm that the families above did not read as a request for it: acting unseen,
# what belongs to someone else, a threat of consequences, faked authorship. (A harm word alone is no sign: it
# refused harmless questions such as 'explain how phishing works' and caught no more harm.) The refusal
# says that the backend did not understand the request, so it claims no more than it read.
HINTS = re.compile(r"\b(?:(?:he|she|they|you)(?:['’]ll| will) regret|regret it|pay (?:him|her|them) a visit"
                   r"|so (?:that )?(?:it|they) (?:fails?|breaks?|snaps?|gives? way|collapses?|won['’]t hold)"
                   r"|not (?:actually|really) (?:ill|sick|injured|hurt)|as if (?:it(?:['’]s| is| was| came) )?(?:from|by|signed)"
                   r"|(?:would|will|could)n['’]?t be (?:noticed|spotted|detected|traced)|(?:go|goes|went) unnoticed"
                   r"|signs? of (?:forced entry|tampering|a struggle)|reporting (?:threshold|limit)|under the (?:\w+ )?threshold"
                   r"|report (?:her|him|them) to (?:immigration|the home office|ice|social services)"
                   r"|slip (?:[\w'’]+ ){0,2}in(?:to)? (?:his|her|their|[\w'’]+['’]s) (?:tea|coffee|drink|food|meal|dinner|lunch)"
                   r"|(?:nobody|no one|noone) (?:would|will|['’]d|['’]ll) (?:ever )?(?:know|notice|find out)"
                   r"|can['’]?t (?:place|identify|trace) (?:me|him|her|them|us)|the real method|step by step)\b", re.I)


CAUGHT = re.compile(r"[\w'’ ]{0,40}\b(?:detected|caught|spotted|prevented|investigated|prosecuted|stopped|traced)\b",
                    re.I)  # 'how is money laundering detected by banks'
QUOTE = re.compile(r"\"[^\"\n]{1,2000}\"|“[^”\n]{1,2000}”")


def _hint(instruction: str) -> str | None:
    """The first sign of harm in the first paragraph of an instruction, quotes left out, or None: harm suffered
    ('someone keeps threatening me'), told of ('the damage the burglars did') or named as a label is no sign."""
    first = QUOTE.sub(" ", instruction.strip().split("\n\n")[0])
    benign = {i for b in BENIGN.finditer(first) for i in range(b.start(), b.end())}
    protection = _first_protection(first)  # once: a protective aim before a sign of harm makes it no sign
    signs = [*HINTS.finditer(first), COVERT.search(first), UNSEEN.search(first), ACT.search(first)]
    for found in signs[:50]:
        if not found or found.start() in benign or found.group(0).lower() == "without knowing":  # 'unknowingly'
            continue
        near = first[max(0, found.start() - NEAR):found.start()]
        if protection < found.start() or NEGATED_BEFORE.search(near) or SUFFERED_BY.match(first, found.end()) \
                or TOLD_ABOUT.search(near) or TOLD_ABOUT_WORD.search(near) or WHAT_AFTER.match(first, found.end()) \
                or re.search(r"\b(?:the|a|an|by|from|of)\s+$", near, re.I) \
                or CAUGHT.match(first, found.end()):
            continue
        return found.group(0).lower()
    return None


def cautious_refusal(conv: Conversation) -> Reply | None:
    """Under safe_prompt, the refusal for a request no skill understood that carries a sign of harm, else None."""
    if not conv.safe_prompt:
        return None
    own = outside_blocks(conv.last_user)
    asked = own if len(own.split()) >= 3 else conv.last_user
    hint = _hint(asked)
    if hint is not None:
        text = (f"I can't help with that. The offline backend did not understand this request, and with safe_prompt "
                f"on it refuses one that carries a sign of harm (\"{hint}\"). If there is something constructive "
                "behind it, for example reporting a problem, rephrase it as the lessons show, or set MISTRAL_API_KEY "
                "to send it to a real Mistral model.")
        return Reply(content=text, skill=NAME)
    score = harm_model.harm_score(asked)
    if score is None or score < harm_model.REFUSE:
        return None
    text = (f"I can't help with that. The offline backend did not understand this request, and with safe_prompt on "
            f"a small classifier trained on example requests scored it as likely to ask for harm ({score:.2f} of 1), "
            "so it refuses. If that is a mistake, rephrase it as the lessons show, or set MISTRAL_API_KEY to send it "
            "to a real Mistral model.")
    return Reply(content=text, skill=NAME)

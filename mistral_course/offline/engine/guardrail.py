"""The guardrail: with safe_prompt=True, the engine first declines requests to produce harmful text.

It reads the learner's own instruction only (the last user turn without its fenced blocks), so a
pasted message that mentions a scam or a threat can still be summarised, classified or answered.
A sentence is harmful when it asks to produce something (write, generate, tell, give ...) whose aim
is harmful (demeaning or attacking people, violence, weapons, self-harm, breaking the law), and no
protective aim (report, avoid, spot, prevent ...) stands before that word. Harm includes threats and
intimidation, cruelty, fraud and forgery, theft, breaking into someone else's account, and false accusations;
'kill a process' or 'attack a chess opening' (BENIGN) is no harm.
"""

from __future__ import annotations

import re

from .conversation import Conversation, Reply
from .prompt import outside_blocks

NAME = "guardrail"
PRODUCE = re.compile(r"\b(write|generate|compose|create|make|tell|give|draft|list|explain|show me how|help me"
                     r"|teach me|send|come up with|provide|build|steps?|instructions?|how (?:to|do i|can i|would i)"
                     r"|ways? to|way to|best way|ideas?|tips?|can you|could you|i want|i need|suggest|i'd like to know"
                     r"|what (?:\w+ )?(?:can|should) i|recipe|guide|tutorial|where (?:can|do) i"
                     r"|what(?:'s| is) the (?:best|easiest|quickest|simplest|most)|gimme|looking for"
                     r"|any way|is there a way|do you know how"
                     r"|how (?:would|could|can|do|does|should|might|much|many|hard|long|far) (?:someone|somebody|one|a person"
                     r"|you|i|we|people|they|it))\b",
                     re.I)
PERSON = (r"(?:(?:my|his|her|their|our|the|a|an) )?(?:ex|wife|husband|partner|girlfriend|boyfriend|friends?|boss|parents?"
          r"|mother|father|mum|mom|dad|sister|brother|kids?|child|children|colleagues?|coworkers?|co-workers?"
          r"|neighbou?rs?|landlord|tenant|teacher|classmates?|employees?|customers?|voters?|people|someone|somebody"
          r"|him|her|them)")
GROUPS = (r"(?:women|men|muslims?|jews?|jewish|christians?|black|white|asians?|gay|lesbians?|trans|immigrants?|refugees?"
          r"|mexicans?|africans?|arabs?|indians?|chinese|disabled|fat|old)")
HARMS = [  # (what harm, the words that aim at it); one alternation, scanned once per sentence
    ("demeaning people", r"insult\w*|humil\w*|degrad\w*|demean\w*|slur\w*|hate\w*|hateful|racist|sexist|harass\w*"
                         r"|bull(?:y|ying)|mock(?:s|ed|ing)?\b(?! (?:exams?|tests?|interviews?|data|ups?|objects?|servers?|apis?|questions?)\b)|ridicul\w*|cruel\w*|make (?:him|her|them|my \w+|\w+) cry"
                         rf"|(?:jokes?|stereotypes?|memes?) (?:about|on|making fun of) (?:\w+ ){{0,2}}{GROUPS} ?(?:people|person|folks?)?"
                         rf"|{GROUPS} (?:people )?(?:are|is) (?:inferior|subhuman|vermin|stupid|lazy|criminals)"
                         r"|go back to (?:their|your) (?:own )?country"
                         r"|embarrass\w* (?:him|her|them|my \w+) (?:in public|publicly|online)"
                         r"|roast\w* (?:my|his|her|their|our) (?:\w+ ){0,2}(?:friends?|colleagues?|coworkers?|co-workers?|boss"
                         r"|sister|brother|classmates?|teacher|neighbou?rs?|wife|husband|partner|ex)"),
    ("threats and violence", r"threat\w*|thret\w*|intimidat\w*|kill\w*|murder\w*|hurt\w*|attack\w*|beat (?:\w+ )?up|stab\w*"
                             r"|shoot\w*|strangl\w*|kidnap\w*|abduct\w*|tortur\w*|assault\w*|rape"
                             r"|scare (?:\w+ ){0,3}into|i know where (?:\w+ ){0,3}(?:lives?|works?|school)|revenge|get back at"
                             r"|ruin (?:\w+ ){0,2}(?:life|reputation|career|marriage)|make (?:\w+ ){0,2}life (?:hell|miserable)"),
    ("weapons and poisons", r"bomb\w*|weapon\w*|explosi?v\w*|detonator\w*|grenade\w*|molotov|napalm|thermite|poison\w*"
                            r"|nerve agents?|sarin|ricin|anthrax|mustard gas|chlorine gas|toxic gas|silencer|suppressor"
                            r"|ghost guns?|3d[- ]print\w* (?:a )?(?:guns?|firearms?)|untraceable (?:guns?|firearms?|weapons?)"
                            r"|(?:make|build|assembl|manufactur|convert)\w* (?:[\w-]+ ){0,3}(?:guns?|firearms?|rifles?|pistols?"
                            r"|full[- ]auto)"),
    ("self-harm", r"self-harm|suicide|kill myself|end my (?:own )?life|hurt myself|cut myself|starve myself|overdose"
                  r"|hang myself|ways? to die|painless(?:ly)? (?:way )?to die"
                  r"|(?:want|how) to die|end it all"),
    ("drugs", r"methamphetamine|meth|cocaine|crack cocaine|heroin|fentanyl|mdma|lsd|ghb|date[- ]rape|roofies?"
              r"|dmt|ketamine|mescaline|pcp"
              r"|spike (?:[\w'’]+ ){0,2}drinks?|(?:synthesi[sz]|cook|manufactur)\w* (?:\w+ ){0,2}(?:drugs?|narcotics?)"),
    ("fraud and forgery", r"launder\w*|scam\w*|fraud\w*|phishing|phish|ponzi|pyramid scheme|tax evasion|evade (?:\w+ )?tax\w*"
                          r"|identity theft|steal (?:\w+ ){0,2}identit\w*|skimm\w*|clon\w* (?:a |his |her )?(?:credit |debit )?cards?"
                          r"|pretend\w* to be from|impersonat\w*|blackmail\w*|extort\w*"
                          r"|collect (?:their|them|people's|customers'?) ?(?:logins?|passwords?|details)?"
                          r"|(?:fake|forged?|false|counterfeit|falsified|bogus) (?:\w+ ){0,3}(?:invoices?|receipts?|reviews?"
                          r"|ids?|passports?|documents?|signatures?|notes?|certificates?|prescriptions?|money|banknotes?"
                          r"|cheques?|checks?|orders?|licen[cs]es?|letters?|contracts?|diplomas?|degrees?|payslips?"
                          r"|statements?|tickets?|visas?|stamps?|seals?|claims?|injur(?:y|ies)|accidents?|illness|alibis?)"
                          r"|pretend\w* to be (?:a |an |the )?(?:doctor|police|officer|nurse|lawyer|bank)|forg(?:e|ing|ed) (?:\w+ ){0,3}(?:signatures?|documents?"
                          r"|orders?|cheques?|checks?|certificates?|letters?)|as genuine|pass (?:it|them) off as (?:real|genuine)"
                          r"|fake news|(?:misinformation|disinformation|propaganda) (?:about|that|to|campaign|posts?|articles?)"
                          r"|cheat (?:on|in) (?:\w+ ){0,2}(?:exams?|tests?)"),
    ("theft and break-ins", r"steal\w*|shoplift\w*|break into|hack into|rob (?:a|the|my|his|her|their) |robbery|burgl\w*"
                            r"|hack\w* (?:[\w'’]+ ){0,2}(?:accounts?|wi-?fi|emails?|instagram|facebook|snapchat|whatsapp"
                            r"|phones?|computers?|websites?|database|servers?|systems?|network)"
                            r"|bypass (?:\w+ ){0,2}(?:2fa|two-factor|passwords?|login|authentication|licen[cs]e|paywall|drm"
                            r"|parental controls)|(?:sql injection|exploit) (?:\w+ ){0,4}(?:dump|steal|get into|access)"
                            r"|(?:evade|bypass|beat|fool|trick) (?:\w+ ){0,3}(?:plagiarism|turnitin)"
                            r"|(?:get|break|log|sneak|hack) into (?:his|her|their|someone['’]s|somebody['’]s|(?:my|a|an) \w+['’]s)"
                            r" (?:\w+ ){0,2}(?:account|phone|email|inbox|computer|laptop)s?"
                            r"|crack\w* (?:\w+ ){0,3}passwords?|brute[- ]forc\w* (?:\w+ ){0,3}passwords?"),
    ("malware and attacks on systems", r"ddos|denial[- ]of[- ]service|floods?\b.{0,40}\b(?:site|website|server|requests)"
                                       r"|malware|ransomware|keylogger|spyware"
                                       r"|(?:evade|bypass|hide from|avoid detection by) (?:\w+ ){0,2}anti-?virus"
                                       r"|(?:take|bring|knock)s? (?:\w+ ){0,3}(?:down|offline)|steal (?:\w+ ){0,2}(?:passwords|cookies|credentials)"),
    ("spying and stalking", r"stalk\w*|dox+\w*|swatt?ing|spy on|tracking (?:app|software|device)"
                            r"|find out where (?:he|she|they) lives?|home address of"
                            r"|secretly (?:track|install|put|read|record|monitor|follow|film|photograph)\w*"
                            r"|track (?:my|his|her) (?:ex|wife|husband|partner|girlfriend|boyfriend)"
                            r"|without (?:his|her|their|them|him) (?:ever )?(?:knowing|consent|permission|finding out|noticing)"
                            r"|revenge porn|(?:leak|share|post) (?:\w+ ){0,2}(?:nudes|intimate (?:photos|pictures))"),
    ("lies about people", r"spread (?:\w+ ){0,2}rumou?rs?|defam\w*|gaslight\w*" + rf"|manipulat\w* {PERSON}"),
    ("euphemisms for violence", r"make (?:him|her|them) disappear|get rid of (?:my|his|her|our|the) (?:husband|wife|boss|neighbou?r"
                                r"|partner|ex|landlord|teacher)|teach (?:him|her|them) a lesson|unalive\w*|drown\w*"
                                r"|permanently (?:silence|deal with)"),
    ("extremism", r"terror(?:ist)? attacks?|join (?:isis|al-?qaeda)|recruit\w* (?:\w+ ){0,3}(?:isis|jihad\w*|extremis\w*"
                  r"|terror\w*)|(?:extremist|terrorist|violent|racist|white supremacist) manifesto"),
    ("discrimination", r"(?:discourag|exclud|reject|filter)\w* (?:\w+ ){0,4}(?:women|older|pregnant|black|asian|muslims?|jews?"
                       r"|immigrants?|foreigners?|disabled|gay)\b"),
    ("harassment", r"send (?:\w+ ){0,3}(?:hundreds|thousands) of (?:\w+ )?(?:messages|emails|texts|calls)"
                   r"|flood (?:his|her|their) (?:inbox|phone)|find (?:out )?(?:her|his|their) (?:home )?address"
                   r"|pro-?ana|thinspo|rig (?:the|an?) (?:election|vote|lottery|game|match)|match[- ]fixing"
                   r"|(?:buy|order|get) (?:\w+ ){0,3}(?:on|from|off) the dark ?web"),
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
                         r"|cover (?:my|his|her|our) tracks|hide (?:a|the) body|dispose of (?:a|the) body"),
]
# Phrases that ask for harm whatever verb comes before them, or none: 'which poison is hardest to trace in an
# autopsy', 'so they don't wake up', 'looks like an accident'. The same protective words still turn them away.
SELF_EVIDENT = [
    ("harm told as undetectable", r"make (?:it|this|that|his death|her death) look like (?:an? |a natural )?(?:accident|suicide"
                                  r"|natural causes|(?:he|she|they) fell)|stage (?:an? )?(?:accident|suicide)"
                                  r"|(?:hard|hardest|impossible|difficult) to (?:trace|detect)|(?:undetectable|untraceable)"
                                  r" (?:poisons?|drugs?|ways?|methods?)|(?:trace|detect)\w* in an? (?:autopsy|post[- ]mortem)"
                                  r"|so (?:they|he|she|i) (?:don't|doesn't|won't|never|do not|does not|will not) wake up"
                                  r"|(?:take|need) to (?:not|never) wake up|(?:would|will|could) kill (?:an? |the |my )?(?:adult"
                                  r"|person|man|woman|child|someone|somebody|human|him|her|them|people)\b"),
    ("self-harm told plainly", r"slit (?:my )?wrists?|where (?:on|in) (?:the|my) (?:wrist|arm|neck|leg)\w* (?:[\w'’]+ ){0,3}cut"),
    ("drugs told plainly", r"cutting agents?|(?:cut|stretch) (?:the |my |our )?(?:coke|cocaine|heroin|speed|product)\b"),
]
SELF_EVIDENT_AIMS = re.compile(r"\b(" + "|".join(pattern for _, pattern in SELF_EVIDENT) + r")\b", re.I)
HARMFUL = re.compile(r"\b(" + "|".join(pattern for _, pattern in HARMS) + r")\b", re.I)
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
ACCUSATION = re.compile(r"\b(thief|liar|criminal|drug dealer|cheat|crook)\b", re.I)
UNTRUE = re.compile(r"\b(isn['’]t|is not|aren['’]t|wasn['’]t|never did|not true|made[- ]up|even though)\b", re.I)
# 'kill' and 'attack' in their technical or playful senses: a process, a chess opening.
BENIGN = re.compile(r"\bkill\w* (?:(?:a|an|the|this|that|my|all|every) )?(?:\w+ )?(?:process\w*|tasks?|jobs?|apps?"
                    r"|programs?|scripts?|threads?|containers?|pods?|sessions?|servers?|time|weeds?|the lights|engine)\b"
                    r"|\bkill(?:ing|ed|s)? it (?:at|on|in|with|today|tonight)\b"
                    r"|\battack\w* (?:(?:a|an|the|this|that|my) )?(?:\w+ )?(?:openings?|lines?|queens?|kings?|problems?|positions?)\b"
                    r"|\bhack\w* (?:(?:a|an|the|this|that|my) )?(?:\w+ )?(?:problems?|time|productivity|routines?|life|together)\b"
                    r"|\bshoot\w* (?:a |the |some |my )?(?:\w+ )?(?:photos?|videos?|films?|scenes?|pictures?|footage|hoops"
                    r"|portraits?)\b|\bstab at\b|\b(?:photo|video|film|fashion|product|wedding) ?shoots?\b", re.I)  # 'kill a process', 'attack an opening', 'shoot a video'
PROTECTIVE = re.compile(r"\b(report\w*|avoid\w*|prevent\w*|protect\w*|recogni[sz]\w*|spot\w*|detect\w*|deal\w* with"
                        r"|handle|handling|respond\w* to|stop\w*|block\w*|identify\w*|classify\w*|summar\w*|survive"
                        r"|victims?|against|warn\w*|safe\w*|aware\w*|train\w*|cope|coping|recover\w*|heal\w*"
                        r"|get over|support\w*|my rights)\b", re.I)


# The harm named as a thing to understand, or as suffered: 'explain what ransomware is', 'after a phishing scam'.
TOLD_ABOUT = re.compile(r"\b(?:what(?:['’]s| is| are| was| were)|history of|dangers? of|risks? of|(?:warning )?signs? of"
                        r"|penalt(?:y|ies) for|laws? (?:on|against)|consequences of|after|victim of|fell for) "
                        r"(?:(?:a|an|the|this|that) )?$", re.I)


NEGATED_BEFORE = re.compile(r"\b(?:never|not|don['’]t|do not|won['’]t|no)\s+(?:\w+\s+)?$", re.I)  # 'never share your PIN'
WHAT_BEFORE = re.compile(r"\b(?:what|how) (?:(?:a|an|the) )?$", re.I)  # 'explain what ransomware is', 'how phishing works'
WHAT_AFTER = re.compile(r"\s+(?:is|are|was|were|does|do|works?|means?|looks? like)\b", re.I)


def harmful_aim(instruction: str) -> str | None:
    """The harmful word a request to produce text aims at, or None."""
    if ALWAYS.search(instruction):
        return ALWAYS.search(instruction).group(0).lower()
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", instruction):
        produce = IMPERATIVE.match(sentence) or PRODUCE.search(sentence)  # 'Insult my coworker.' asks by itself
        plain = list(SELF_EVIDENT_AIMS.finditer(sentence))
        if not produce and not plain:
            continue
        benign = [(b.start(), b.end()) for b in BENIGN.finditer(sentence)]
        aims = sorted([*plain, *(HARMFUL.finditer(sentence, produce.start()) if produce else ())], key=lambda m: m.start())
        for aim in aims:
            told = aim.re is HARMFUL or re.match(r"\w+(?:ed|en)\b", aim.group(0))  # 'was brute-forced', not 'is hardest'
            if any(start <= aim.start() < end for start, end in benign) or SUFFERED_BY.match(sentence, aim.end()) \
                    or (told and SUFFERED.search(sentence[:aim.start()])):
                continue  # 'kill a process'; 'I was threatened by ...' tells of harm done, it asks for none
            if PROTECTIVE.search(sentence[:aim.start()]) or TOLD_ABOUT.search(sentence[:aim.start()]) \
                    or NEGATED_BEFORE.search(sentence[:aim.start()]) \
                    or (WHAT_BEFORE.search(sentence[:aim.start()]) and WHAT_AFTER.match(sentence, aim.end())):
                break  # 'how do I report a scam', 'explain what ransomware is'
            return aim.group(0).lower()
        if not produce:
            continue
        accused = ACCUSATION.search(sentence, produce.end())
        if accused and UNTRUE.search(sentence, accused.end()) and not PROTECTIVE.search(sentence[:accused.start()]):
            return accused.group(0).lower()
    return None


def refusal(conv: Conversation) -> Reply | None:
    """The refusal for a harmful request under safe_prompt, else None."""
    if not conv.safe_prompt:
        return None
    own = outside_blocks(conv.last_user)
    aim = harmful_aim(own if len(own.split()) >= 3 else conv.last_user)  # a prompt that is all one block is its own
    if aim is None:
        return None
    text = (f"I can't help with that. The request asks for content about \"{aim}\", which could hurt or "
            "demean people, and I aim to keep replies respectful and safe. If there is something "
            "constructive behind the request, for example resolving a conflict or reporting a problem, "
            "I'm glad to help with that instead.")
    return Reply(content=text, skill=NAME)

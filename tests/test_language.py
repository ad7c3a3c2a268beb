"""Languages: detection is seeded, bounded and safe on short text, and tells ideographic text by its
script; every language pack cleans its own chrome off articles written in that language; an
article in any script (CJK, Cyrillic, Greek, right to left) comes back byte for byte; a language
without a pack gets the common one.

The body paragraphs below were written for these tests; the chrome is each pack's own ``remove``
examples (line rules, and section headers that stop at the next body paragraph).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect import DetectorFactory, detect_langs

import cleaner
from cleaner import language
from cleaner.rules import builtin_packs

BODIES = {
    "de": [
        "Der Gemeinderat hat am Dienstagabend mit großer Mehrheit beschlossen, das Busnetz in den nördlichen "
        "Stadtteilen auszubauen, nachdem Anwohner jahrelang über lange Wartezeiten geklagt hatten.",
        "Nach Angaben der Verwaltung sollen die neuen Linien ab dem kommenden Frühjahr im Zehn-Minuten-Takt "
        "fahren, die Kosten von rund vier Millionen Euro trägt zum größten Teil das Land.",
        "Kritik kam von der Opposition, die den Zeitplan für unrealistisch hält und darauf verweist, dass für "
        "die zusätzlichen Fahrten noch mindestens dreißig Fahrerinnen und Fahrer fehlen.",
        "Der Bürgermeister zeigte sich dennoch zuversichtlich und kündigte an, die Bürger im Herbst bei einer "
        "Informationsveranstaltung im Rathaus über die Einzelheiten der Planung zu unterrichten.",
    ],
    "fr": [
        "Le conseil municipal a voté mardi soir l'extension du réseau de bus vers les quartiers nord de la "
        "ville, une mesure réclamée depuis des années par les habitants et les associations locales.",
        "Selon la mairie, les nouvelles lignes circuleront toutes les dix minutes à partir du printemps "
        "prochain, pour un coût d'environ quatre millions d'euros pris en charge en grande partie par la région.",
        "L'opposition a dénoncé un calendrier irréaliste et rappelé qu'il manque encore une trentaine de "
        "conducteurs pour assurer les rotations supplémentaires prévues dans le projet.",
        "Le maire s'est néanmoins dit confiant et a promis une réunion publique à l'automne afin de présenter "
        "aux habitants le détail des travaux et des nouveaux horaires.",
    ],
    "es": [
        "El concejo municipal aprobó el martes por la noche la ampliación de la red de autobuses hacia los "
        "barrios del norte de la ciudad, una medida que los vecinos reclamaban desde hacía años.",
        "Según el ayuntamiento, las nuevas líneas pasarán cada diez minutos a partir de la próxima primavera y "
        "costarán unos cuatro millones de euros, financiados en su mayor parte por el gobierno regional.",
        "La oposición criticó un calendario que considera poco realista y recordó que todavía faltan unos "
        "treinta conductores para cubrir los servicios adicionales previstos en el plan.",
        "El alcalde se mostró sin embargo optimista y anunció una reunión informativa en otoño para explicar a "
        "los vecinos los detalles de las obras y los nuevos horarios.",
    ],
    "it": [
        "Il consiglio comunale ha approvato martedì sera l'ampliamento della rete degli autobus verso i "
        "quartieri a nord della città, una misura che i residenti chiedevano da anni.",
        "Secondo il Comune, le nuove linee passeranno ogni dieci minuti a partire dalla prossima primavera e "
        "costeranno circa quattro milioni di euro, pagati in gran parte dalla Regione.",
        "L'opposizione ha criticato un calendario giudicato poco realistico e ha ricordato che mancano ancora "
        "una trentina di autisti per coprire le corse aggiuntive previste dal progetto.",
        "Il sindaco si è detto comunque fiducioso e ha annunciato un incontro pubblico in autunno per spiegare "
        "ai cittadini i dettagli dei lavori e dei nuovi orari.",
    ],
    "pt": [
        "A câmara municipal aprovou na terça-feira à noite a ampliação da rede de autocarros para os bairros do "
        "norte da cidade, uma medida que os moradores pediam há vários anos.",
        "Segundo a autarquia, as novas linhas vão passar de dez em dez minutos a partir da próxima primavera e "
        "vão custar cerca de quatro milhões de euros, pagos em grande parte pelo governo regional.",
        "A oposição criticou um calendário que considera pouco realista e lembrou que ainda faltam cerca de "
        "trinta motoristas para garantir as viagens adicionais previstas no projeto.",
        "O presidente da câmara mostrou-se ainda assim confiante e anunciou uma sessão pública no outono para "
        "explicar aos moradores os pormenores das obras e dos novos horários.",
    ],
    "nl": [
        "De gemeenteraad heeft dinsdagavond met een ruime meerderheid besloten het busnet in de noordelijke "
        "wijken uit te breiden, nadat bewoners jarenlang hadden geklaagd over lange wachttijden.",
        "Volgens de gemeente gaan de nieuwe lijnen vanaf het komende voorjaar elke tien minuten rijden, de "
        "kosten van ongeveer vier miljoen euro worden grotendeels door de provincie betaald.",
        "De oppositie noemde het tijdpad onrealistisch en wees erop dat er nog zeker dertig chauffeurs nodig "
        "zijn om de extra ritten die in het plan staan ook echt te kunnen rijden.",
        "De burgemeester toonde zich toch optimistisch en kondigde aan dat de bewoners in het najaar tijdens een "
        "informatieavond in het stadhuis over de details van de plannen worden geïnformeerd.",
    ],
    "pl": [
        "Rada miasta zdecydowała we wtorek wieczorem o rozbudowie sieci autobusowej w północnych dzielnicach, "
        "o co mieszkańcy zabiegali od wielu lat, skarżąc się na długie oczekiwanie na przystankach.",
        "Według urzędu nowe linie będą kursować co dziesięć minut od przyszłej wiosny, a koszt wynoszący około "
        "czterech milionów złotych w większości pokryje samorząd województwa.",
        "Opozycja skrytykowała harmonogram jako nierealny i przypomniała, że wciąż brakuje około trzydziestu "
        "kierowców, którzy mieliby obsługiwać dodatkowe kursy przewidziane w planie.",
        "Prezydent miasta zapewnił jednak, że projekt zostanie zrealizowany, i zapowiedział jesienią spotkanie z "
        "mieszkańcami w ratuszu, na którym przedstawi szczegóły inwestycji i nowe rozkłady jazdy.",
    ],
    "ru": [
        "Городской совет во вторник вечером большинством голосов решил расширить автобусную сеть в северных "
        "районах, после того как жители много лет жаловались на долгое ожидание на остановках.",
        "По данным мэрии, новые маршруты будут ходить каждые десять минут начиная со следующей весны, а "
        "расходы около четырёх миллионов рублей в основном возьмёт на себя областной бюджет.",
        "Оппозиция назвала сроки нереальными и напомнила, что для дополнительных рейсов, предусмотренных "
        "планом, по-прежнему не хватает примерно тридцати водителей.",
        "Мэр тем не менее выразил уверенность в успехе проекта и пообещал осенью провести в здании мэрии "
        "встречу с жителями, чтобы подробно рассказать им о новых маршрутах и расписании.",
    ],
    "el": [
        "Το δημοτικό συμβούλιο αποφάσισε την Τρίτη το βράδυ με μεγάλη πλειοψηφία να επεκτείνει το δίκτυο των "
        "λεωφορείων στις βόρειες συνοικίες, αφού οι κάτοικοι παραπονιούνταν για χρόνια για τις μεγάλες αναμονές.",
        "Σύμφωνα με τον δήμο, οι νέες γραμμές θα περνούν κάθε δέκα λεπτά από την επόμενη άνοιξη, ενώ το κόστος "
        "των περίπου τεσσάρων εκατομμυρίων ευρώ θα το καλύψει κυρίως η περιφέρεια.",
        "Η αντιπολίτευση χαρακτήρισε το χρονοδιάγραμμα μη ρεαλιστικό και υπενθύμισε ότι για τα επιπλέον "
        "δρομολόγια του σχεδίου λείπουν ακόμη περίπου τριάντα οδηγοί.",
        "Ο δήμαρχος δήλωσε ωστόσο βέβαιος για την επιτυχία του έργου και ανακοίνωσε ότι το φθινόπωρο θα "
        "ενημερώσει τους κατοίκους σε μια ανοιχτή συγκέντρωση στο δημαρχείο για τις νέες γραμμές.",
    ],
    "uk": [
        "Міська рада у вівторок увечері більшістю голосів вирішила розширити автобусну мережу в північних "
        "районах, після того як мешканці багато років скаржилися на довге очікування на зупинках.",
        "За даними мерії, нові маршрути курсуватимуть кожні десять хвилин починаючи з наступної весни, а "
        "витрати приблизно у чотири мільйони гривень здебільшого візьме на себе обласний бюджет.",
        "Опозиція назвала терміни нереальними й нагадала, що для додаткових рейсів, передбачених планом, досі "
        "бракує приблизно тридцяти водіїв.",
        "Мер проте висловив упевненість в успіху проєкту й пообіцяв восени провести в будівлі мерії зустріч із "
        "мешканцями, щоб докладно розповісти їм про нові маршрути та розклад.",
    ],
    "cs": [
        "Městské zastupitelstvo v úterý večer velkou většinou rozhodlo o rozšíření autobusové sítě do severních "
        "čtvrtí, protože si obyvatelé léta stěžovali na dlouhé čekání na zastávkách.",
        "Podle radnice budou nové linky jezdit každých deset minut od příštího jara a náklady ve výši zhruba "
        "čtyř milionů eur z větší části uhradí kraj.",
        "Opozice označila harmonogram za nereálný a připomněla, že na dodatečné spoje, se kterými plán počítá, "
        "stále chybí asi třicet řidičů.",
        "Starosta se přesto ukázal jako optimista a oznámil, že na podzim obyvatele na veřejném setkání na "
        "radnici seznámí s podrobnostmi stavby a s novými jízdními řády.",
    ],
    "tr": [
        "Belediye meclisi salı akşamı büyük bir çoğunlukla kuzey mahallelerindeki otobüs ağını genişletme kararı "
        "aldı, çünkü sakinler yıllardır duraklarda uzun bekleme sürelerinden şikâyet ediyordu.",
        "Belediyeye göre yeni hatlar önümüzdeki ilkbahardan itibaren her on dakikada bir çalışacak ve yaklaşık "
        "dört milyon liralık maliyetin büyük kısmını il yönetimi karşılayacak.",
        "Muhalefet takvimi gerçekçi bulmadığını söyledi ve plandaki ek seferler için hâlâ otuz kadar şoföre "
        "ihtiyaç duyulduğunu hatırlattı.",
        "Belediye başkanı yine de iyimser olduğunu belirtti ve sonbaharda belediye binasında düzenlenecek bir "
        "toplantıda yeni hatların ve sefer saatlerinin ayrıntılarını vatandaşlara anlatacağını açıkladı.",
    ],
    "sv": [
        "Kommunfullmäktige beslutade på tisdagskvällen med stor majoritet att bygga ut bussnätet i de norra "
        "stadsdelarna, sedan invånarna i flera år hade klagat på långa väntetider vid hållplatserna.",
        "Enligt kommunen ska de nya linjerna gå var tionde minut från och med nästa vår, och det mesta av "
        "kostnaden på omkring fyrtio miljoner kronor betalas av regionen.",
        "Oppositionen kallade tidsplanen orealistisk och påpekade att det fortfarande saknas ett trettiotal "
        "förare för de extra turer som planen räknar med.",
        "Kommunalrådet var ändå optimistiskt och meddelade att invånarna ska få veta mer om bygget och de nya "
        "tidtabellerna vid ett öppet möte i stadshuset i höst.",
    ],
    "ko": [
        "시의회는 화요일 저녁 압도적인 찬성으로 북부 지역의 버스 노선을 확대하기로 결정했다. 주민들은 수년 동안 "
        "정류장에서 오래 기다려야 한다고 불만을 제기해 왔다.",
        "시에 따르면 새 노선은 내년 봄부터 10분 간격으로 운행되며, 약 50억 원에 이르는 비용의 대부분은 도가 "
        "부담하게 된다.",
        "야당은 일정이 비현실적이라고 비판하면서 계획에 포함된 추가 운행을 위해 아직도 운전기사 30명가량이 "
        "부족하다고 지적했다.",
        "시장은 그럼에도 사업의 성공을 자신하며 올가을 시청에서 주민 설명회를 열어 새 노선과 시간표를 자세히 "
        "알리겠다고 밝혔다.",
    ],
    "zh": [
        "北京市政府周二宣布，将在未来三年内投资两千亿元，用于改善城市公共交通系统。",
        "根据计划，地铁网络将新增五条线路，总里程超过一百五十公里，预计二〇二七年全部建成通车。",
        "市交通委员会负责人表示，新线路将重点覆盖城市东部和南部的新兴居住区，缓解早晚高峰的拥堵问题。",
        "专家认为，这一投资规模在全国城市中位居前列，但也提醒政府应关注建设过程中的财政压力和环境影响。",
        "一些市民对此表示欢迎，认为通勤时间有望明显缩短；也有人担心施工期间的交通管制会给日常生活带来不便。",
    ],
    "ja": [
        "東京都は火曜日、来年度から公立小学校の給食費を全額無償化すると発表した。",
        "都によると、対象となる児童は約六十万人で、必要な予算は年間およそ三百億円に上る見込みだ。",
        "知事は記者会見で「子育て世帯の負担を少しでも軽くしたい」と述べ、財源は既存事業の見直しで確保すると説明した。",
        "一方、一部の区長からは、食材費の高騰が続く中で給食の質をどう維持するのかという懸念の声も上がっている。",
        "専門家は、無償化の効果を検証するため、家計への影響を継続的に調査する必要があると指摘している。",
    ],
}

# A pack's chrome: what its line rules remove (LINE_CHROME), and the headers of its sections that
# end at the next body paragraph (SECTION_HEADERS; a comment section runs to the end of the page, so
# it is not injected mid-article).
LINE_CHROME = {pack.language: sorted({text for rule in pack.rules if rule.kind == "line" and rule.zone == "any"
                                      for text in rule.remove})
               for pack in builtin_packs() if pack.language in BODIES}
SECTION_HEADERS = {pack.language: sorted({text for rule in pack.rules if rule.kind == "section"
                                          and rule.until == "body" and rule.zone == "any" for text in rule.remove})
                   for pack in builtin_packs() if pack.language in BODIES}


def test_every_language_with_a_pack_has_body_paragraphs_and_stop_words():
    pack_languages = {pack.language for pack in builtin_packs()} - {"*", "en"}
    assert pack_languages <= set(BODIES)
    assert all(language.stopwords(code) for code in pack_languages | {"en"})


@settings(derandomize=True, max_examples=170, deadline=None)
@given(data=st.data())
def test_injected_chrome_goes_and_every_body_paragraph_stays(data):
    code = data.draw(st.sampled_from(sorted(BODIES)), label="language")
    body = BODIES[code]
    gaps = [data.draw(st.lists(st.sampled_from(LINE_CHROME[code]), max_size=3), label=f"chrome before {k}")
            for k in range(len(body) + 1)]
    lines = [line for gap, paragraph in zip(gaps, body) for line in (*gap, paragraph)] + gaps[-1]
    result = cleaner.explain("\n".join(lines) + "\n")
    assert result.language == code
    assert result.text.splitlines() == body


def test_detection_is_deterministic_and_ignores_langdetect_global_seed():
    lines = BODIES["nl"] + BODIES["de"][:1]
    first = language.detect(lines)
    DetectorFactory.seed = 12345  # another caller's setting must not change our answer
    try:
        detect_langs("Ein ganz anderer Text, der den globalen Zufallsgenerator benutzt.")
        assert [language.detect(lines) for _ in range(5)] == [first] * 5
    finally:
        DetectorFactory.seed = 0
    assert first.code == "nl" and first.confidence >= language.MIN_CONFIDENCE


def test_detection_reads_a_bounded_sample_of_the_longest_lines():
    menu = ["Startseite", "Impressum", "Kontakt", "Suche"] * 50
    sample = language._sample(menu + BODIES["de"] * 30)
    assert len(sample) <= 2 * language.SAMPLE_CHARS
    assert "Impressum" not in sample
    assert language.detect(menu + BODIES["pl"]).code == "pl"


def test_short_text_is_not_given_a_confident_wrong_language():
    for text in ("404 error", "Error 404 - Page not found", "Home | News | Sport | Kontakt"):
        detected = language.detect([text])
        assert detected.code == language.UNDETERMINED and detected.confidence == 0.0
        assert "da" not in detected.candidates
    assert cleaner.explain("404 error\n").language == language.UNDETERMINED


def test_lang_option_skips_detection(monkeypatch):
    def refuse(lines):
        raise AssertionError("detection ran although the language was given")

    monkeypatch.setattr(language, "detect", refuse)
    text = "\n".join(["Lesen Sie auch: Bundesregierung beschließt Strompreisbremse", *BODIES["de"]]) + "\n"
    result = cleaner.Cleaner(lang="de").explain(text)
    assert result.language == "de"
    assert result.text.splitlines() == BODIES["de"]


def test_a_forced_language_uses_its_own_pack_and_stop_words():
    assert language.forced("fr") == language.Language("fr", ("fr",), 1.0)
    assert "que" in language.stopwords_for(language.forced("fr"))
    assert language.stopwords("xx") == frozenset()


RIGHT_TO_LEFT = {
    "ar": [
        "أعلن مجلس المدينة مساء الثلاثاء توسيع شبكة الحافلات إلى الأحياء الشمالية، بعد سنوات من شكاوى السكان من "
        "طول الانتظار في المحطات.",
        "وبحسب البلدية، ستمر الخطوط الجديدة كل عشر دقائق اعتبارا من الربيع المقبل، وتتحمل الحكومة الإقليمية معظم "
        "التكاليف التي تقدر بنحو أربعة ملايين دولار.",
        "وانتقدت المعارضة الجدول الزمني ووصفته بأنه غير واقعي، مشيرة إلى أن المشروع ما زال يحتاج إلى نحو ثلاثين "
        "سائقا لتشغيل الرحلات الإضافية.",
    ],
    "he": [
        "מועצת העיר החליטה ביום שלישי בערב להרחיב את רשת האוטובוסים בשכונות הצפוניות, לאחר שהתושבים התלוננו במשך "
        "שנים על המתנה ארוכה בתחנות.",
        "לפי העירייה, הקווים החדשים יעברו כל עשר דקות החל מהאביב הבא, ואת רוב העלות של כארבעה מיליון שקל תממן "
        "הממשלה.",
        "האופוזיציה מתחה ביקורת על לוח הזמנים וטענה שהוא אינו מציאותי, משום שעדיין חסרים כשלושים נהגים לנסיעות "
        "הנוספות שבתוכנית.",
    ],
}


@pytest.mark.parametrize("code", ["zh", "ja", "ko", "ru", "uk", "el", "cs", "tr", "sv", "ar", "he"])
def test_an_article_in_any_script_comes_back_byte_for_byte(code):
    """CJK and right-to-left text, CRLF line ends and blank separators: a clean article is left as it is."""
    article = BODIES.get(code) or RIGHT_TO_LEFT[code]
    text = "\r\n\r\n".join(article) + "\r\n"
    result = cleaner.explain(text)
    assert result.language == code
    assert result.text == text, f"{code}: lost {result.removed}"


def test_traditional_and_simplified_chinese_are_one_language():
    traditional = ["台北市政府週二宣布，將在未來三年內投資兩千億元，用於改善城市的公共運輸系統與捷運路網。",
                   "市府官員表示，新路線將重點服務城市東部與南部的新興住宅區，以緩解上下班尖峰時段的交通壅塞。"]
    for lines in (traditional, BODIES["zh"]):
        detected = language.detect(lines)
        assert (detected.code, detected.candidates) == ("zh", ("zh",))
    assert "zh" in language.SUPPORTED and not any("-" in code for code in language.SUPPORTED)


def test_every_language_the_detector_names_has_stop_words():
    without_a_list = {"pa", "so", "th"}  # Punjabi, Somali, Thai: jusText has no list and the corpus no pages
    assert all(language.stopwords(code) for code in language.SUPPORTED - without_a_list)
    for code in language.SPACELESS:  # derived from the corpus: words inside a run, not whole runs
        assert language.stopwords(code) == language.stopwords_for(language.forced(code))


def test_a_language_without_a_pack_gets_the_common_pack_and_keeps_its_body():
    body = [
        "Kaupunginvaltuusto päätti tiistai-iltana suurella enemmistöllä laajentaa bussiverkkoa pohjoisiin "
        "kaupunginosiin, koska asukkaat olivat vuosia valittaneet pitkistä odotusajoista pysäkeillä.",
        "Kaupungin mukaan uudet linjat kulkevat ensi keväästä alkaen kymmenen minuutin välein, ja suurimman "
        "osan noin neljän miljoonan euron kustannuksista maksaa maakunta.",
        "Oppositio piti aikataulua epärealistisena ja muistutti, että suunnitelman lisävuoroihin tarvitaan "
        "edelleen noin kolmekymmentä kuljettajaa.",
    ]
    chrome = ["© 2024 Esimerkki Oy", "https://www.example.fi/uutiset/bussit", "16.01.2024 14:05"]
    result = cleaner.explain("\n".join([chrome[2], *body, *chrome[:2]]) + "\n")
    assert result.language == "fi" and not any(pack.language == "fi" for pack in builtin_packs())
    assert result.text.splitlines() == body
    assert {removal.rule.id[2] for removal in result.removed} == {"0"}  # common rules only (ids 0xx)


def test_chinese_article_among_page_chrome_keeps_every_paragraph():
    article = BODIES["zh"]
    page = ["首页", "新闻", "财经", "体育", *article, "分享到", "Copyright © 2024 example.com", "Privacy Policy"]
    kept = cleaner.clean("\n".join(page) + "\n").splitlines()
    assert [line for line in kept if line in article] == article


ENGLISH = [
    "The city council voted on Tuesday evening to extend the bus network to the northern districts, after "
    "residents had complained for years about the long waits at their stops.",
    "According to the city, the new lines will run every ten minutes from next spring, and most of the cost "
    "of about four million euros will be paid by the regional government.",
    "The opposition called the timetable unrealistic and pointed out that at least thirty more drivers are "
    "still needed before the extra services in the plan can actually run.",
]


def _refuse_langdetect(sample, letters):
    raise AssertionError("langdetect ran on a text its stop words tell")


@pytest.mark.parametrize("code", ["en", "de", "fr", "es", "it", "pl", "ru", "el"])
def test_clear_text_is_told_by_its_stop_words_without_langdetect(code, monkeypatch):
    lines = ENGLISH if code == "en" else BODIES[code]
    expected = language.detect(lines, guess=False)
    monkeypatch.setattr(language, "_langdetect", _refuse_langdetect)
    detected = language.detect(lines)
    assert (detected.code, detected.candidates) == (expected.code, expected.candidates) == (code, (code,))


def _asked_langdetect(lines, monkeypatch) -> bool:
    calls = []
    original = language._langdetect
    monkeypatch.setattr(language, "_langdetect", lambda *args: calls.append(args) or original(*args))
    detected = language.detect(lines)
    assert detected == language.detect(lines, guess=False)  # langdetect's own answer, confidence and all
    return bool(calls)


@pytest.mark.parametrize("lines", [
    [ENGLISH[0], BODIES["de"][0], ENGLISH[1], BODIES["de"][1]],  # two languages, half each
    [BODIES["pt"][0][:120]],  # one sentence: too few words to trust the count
    ["การประชุมสภาเมืองเมื่อคืนวันอังคารได้ตัดสินใจขยายเครือข่ายรถประจำทางไปยังเขตทางตอนเหนือของเมืองหลังจากที่ชาวบ้านร้องเรียนมาหลายปี"],
], ids=["mixed", "short", "thai"])
def test_mixed_short_or_unlisted_text_goes_to_langdetect(lines, monkeypatch):
    assert _asked_langdetect(lines, monkeypatch)

import { CHECKLISTS } from "@xks/shared/checklists/index";
import { KNOWLEDGE_BASE } from "@xks/shared/knowledge/knowledge-base";
import { describe, expect, it } from "vitest";
import { decideAnswer, MIN_ANSWER_CONFIDENCE } from "../conversation/decide-answer.ts";
import { buildUnderstandingIndex } from "./build-understanding-index.ts";
import type { Candidate, ContentCandidate } from "./candidate.ts";
import { correctTypo, isOneEditApart } from "./correct-typo.ts";
import { detectWantsPerson } from "./detect-wants-person.ts";
import { meaningfulTokens } from "./extract-terms.ts";
import { FIXTURE_KNOWLEDGE } from "./fixtures/fixture-knowledge.ts";
import { liftAgreedTopic, understand } from "./understand.ts";

const index = buildUnderstandingIndex({ knowledge: FIXTURE_KNOWLEDGE, checklists: CHECKLISTS });

function top(text: string, options = {}): Candidate | undefined {
  return understand(index, text, options).candidates[0];
}
const idOf = (c: Candidate | undefined) =>
  c?.kind === "entry"
    ? c.entryId
    : c?.kind === "checklist"
      ? c.checklistId
      : c?.kind === "step"
        ? `${c.checklistId}#${c.stepId}`
        : c?.kind;

describe("understand: ranking", () => {
  it.each([
    ["quên mật khẩu vneid thì làm sao", "vneid.forgot-password"],
    ["Tôi đã bị lừa đảo trực tuyến, làm cách nào để lấy lại tiền?", "safety.scammed-get-money-back"],
    ["Mất điện thoại, đăng nhập VNeID đòi thiết bị cũ", "vneid.new-phone"],
    ["Cách đăng ký mở Shop trên Sendo?", "ecommerce.open-shop-sendo"],
    ["Quên mật khẩu ngân hàng BIDV thì làm sao?", "cashless.forgot-bank-password"],
    ["kich hoat dinh danh muc 2", "vneid#l2-activate"],
    ["vneid", "vneid"],
    ["căn cước", "chip-id"],
  ])("«%s» → %s", (text, expected) => {
    const decision = decideAnswer(understand(index, text).candidates);
    expect(decision.kind).toBe("answer");
    expect(decision.kind === "answer" && idOf(decision.candidate)).toBe(expected);
    expect(top(text)?.confidence).toBeGreaterThanOrEqual(MIN_ANSWER_CONFIDENCE);
  });

  it("ranks the specific answer above the topic's checklist", () => {
    const { candidates } = understand(index, "quen mk vneid");
    expect(idOf(candidates[0])).toBe("vneid.forgot-password");
    const guide = candidates.findIndex((c) => c.kind !== "entry" && "checklistId" in c && c.checklistId === "vneid");
    expect(guide).toBeGreaterThan(0);
    expect(candidates[0]?.confidence).toBeGreaterThan(candidates[1]?.confidence ?? 0);
  });

  it("ignores diacritics, abbreviations and tone placement alike", () => {
    for (const text of ["quên mật khẩu VNeID", "quen mat khau vneid", "quen mk vn eid", "QUÊN MẬT KHẨU V NEID"]) {
      expect(idOf(top(text))).toBe("vneid.forgot-password");
    }
  });

  it("returns 'none' when nothing is known, and a command when the message is one", () => {
    expect(top("hôm nay trời đẹp quá")).toEqual({ kind: "none", confidence: 1 });
    expect(top("menu")).toMatchObject({ kind: "command", command: "menu" });
    // A long sentence that merely contains a command word is a question, not the command.
    expect(top("tôi bị lừa mất tiền rồi, giúp tôi xóa dữ liệu tài khoản với")?.kind).not.toBe("command");
  });

  it("gives a close call to the checklist the resident is in", () => {
    const outside = understand(index, "nhập mã otp");
    const inside = understand(index, "nhập mã otp", { activeStep: { checklistId: "vneid", stepId: "l1-otp" } });
    const otp = (u: typeof outside) => u.candidates.find((c) => idOf(c) === "vneid#l1-otp")?.confidence ?? 0;
    expect(otp(inside)).toBeGreaterThan(otp(outside));
  });

  it("does not read the privacy guard's masks as words", () => {
    expect(top("[số định danh đã ẩn]")).toEqual({ kind: "none", confidence: 1 });
  });
});

describe("understand: the resident's place", () => {
  const inVneid = { activeStep: { checklistId: "vneid", stepId: "l1-install" } };
  const source = FIXTURE_KNOWLEDGE[0]?.sources ?? [];
  // Two entries of different topics that residents ask in the same words.
  const twins = buildUnderstandingIndex({
    checklists: CHECKLISTS,
    knowledge: [
      {
        id: "vneid.cost",
        topic: "VNEID",
        version: 1,
        title: "Phí VNeID",
        questions: ["cái này có tốn phí không"],
        answer: "a",
        sources: source,
      },
      {
        id: "chip-id.cost",
        topic: "CHIP_ID",
        version: 1,
        // A title as long as the other's: the topic model (naive Bayes over phrasings) then favours neither topic.
        title: "Phí chip",
        questions: ["cái này có tốn phí không ạ"],
        answer: "b",
        sources: source,
      },
    ],
  });

  it("gives a close call to an entry of the topic of the checklist the resident is in", () => {
    const entries = (u: ReturnType<typeof understand>) => u.candidates.filter((c) => c.kind === "entry");
    const outside = entries(understand(twins, "co ton phi khong"));
    expect(Math.abs((outside[0]?.confidence ?? 0) - (outside[1]?.confidence ?? 0))).toBeLessThan(0.02);
    const inside = entries(understand(twins, "co ton phi khong", inVneid));
    expect(idOf(inside[0])).toBe("vneid.cost");
    expect((inside[0]?.confidence ?? 0) - (inside[1]?.confidence ?? 0)).toBeGreaterThanOrEqual(0.02);
  });

  it("gives a short follow-up question the topic of the entry just answered", () => {
    const entries = (u: ReturnType<typeof understand>) => u.candidates.filter((c) => c.kind === "entry");
    const after = (entryId: string) => ({ previousAnswer: { entryId } });
    expect(idOf(entries(understand(twins, "co ton phi khong", after("vneid.cost")))[0])).toBe("vneid.cost");
    expect(idOf(entries(understand(twins, "co ton phi khong", after("chip-id.cost")))[0])).toBe("chip-id.cost");
    // Not a question, or not short: no context, the same candidates as alone.
    for (const text of ["vâng ạ phí", "cái này có tốn phí không, tôi hỏi cho bố tôi ở quê nhé"])
      expect(understand(twins, text, after("vneid.cost")).candidates).toEqual(understand(twins, text).candidates);
  });

  it("reads follow-ups after a real answer by the answered topic, and a full question by its own words", () => {
    const full = buildUnderstandingIndex({ knowledge: KNOWLEDGE_BASE, checklists: CHECKLISTS });
    const after = (entryId: string, text: string) =>
      idOf(understand(full, text, { previousAnswer: { entryId } }).candidates[0]);
    expect(after("vneid.level2-register", "thế có mất tiền không")).toBe("vneid.fees");
    expect(after("chip-id.lost-card", "thế có mất tiền không")).toBe("chip-id.fees");
    expect(after("vneid.level2-register", "quên mật khẩu ngân hàng thì làm sao")).toBe("cashless.forgot-bank-password");
    // Words that alone lead out of the answered topic are read with its title: not how long a new ID card takes.
    expect(after("public-services.birth-registration", "mất bao lâu thì có")).toBe(
      "public-services.birth-registration",
    );
    expect(after("public-services.birth-registration", "có mất phí không")).toBe("public-services.birth-registration");
  });

  it("scores the words beyond a step-reply phrase on their own", () => {
    const full = buildUnderstandingIndex({ knowledge: KNOWLEDGE_BASE, checklists: CHECKLISTS });
    const beyond = (text: string) => understand(full, text, inVneid).contentBeyondStepReply;
    // Another problem named beside "không được": its words alone are answerable.
    expect(beyond("quet mat hoai khong duoc")).toBeGreaterThanOrEqual(MIN_ANSWER_CONFIDENCE);
    expect(beyond("otp khong ve, bi loi")).toBeGreaterThanOrEqual(MIN_ANSWER_CONFIDENCE);
    // Only the reply, or the reply with filler: nothing beyond it.
    for (const reply of ["không được", "chưa được", "được rồi", "xong", "ko dc", "bị lỗi", "vẫn không được cháu ơi"])
      expect(beyond(reply), reply).toBeLessThan(MIN_ANSWER_CONFIDENCE);
    // No reply phrase: the whole message is beyond it.
    const question = understand(full, "quên mật khẩu vneid", inVneid);
    expect(question.contentBeyondStepReply).toBe(question.candidates[0]?.confidence);
  });
});

describe("correctTypo", () => {
  const full = buildUnderstandingIndex({ knowledge: KNOWLEDGE_BASE, checklists: CHECKLISTS });

  it("corrects a word no syllable is spelled like", () => {
    expect(correctTypo(full, "khaur")).toBe("khau");
  });

  it("leaves alone a real syllable the index lacks", () => {
    for (const word of ["khoang", "tieng"]) {
      expect(full.idf.has(word), word).toBe(false);
      expect(correctTypo(full, word), word).toBe(word);
    }
  });
});

describe("liftAgreedTopic", () => {
  const place = (entryId: string, topic: ContentCandidate["topic"], confidence: number): ContentCandidate => ({
    kind: "entry",
    entryId,
    topic,
    title: entryId,
    checklistId: null,
    confidence,
  });
  const story = "họ nhắn tin làm quen mấy tháng rồi bảo gửi quà từ nước ngoài về, phải đóng phí hải quan";
  const scams = [
    place("a", "ONLINE_SAFETY", 0.36),
    place("b", "ONLINE_SAFETY", 0.34),
    place("c", "ONLINE_SAFETY", 0.31),
    place("d", "ONLINE_SAFETY", 0.3),
  ];

  it("answers a long story whose four best places share a topic, none of them matching it well", () => {
    const lifted = liftAgreedTopic(story, scams);
    expect(lifted.map((c) => [idOf(c), c.confidence])).toEqual([
      ["a", 0.45],
      ["b", 0.34],
      ["c", 0.31],
      ["d", 0.3],
    ]);
  });

  it("does not count a far-behind place of the same topic as agreeing", () => {
    const farBehind = [...scams.slice(0, 3), place("d", "ONLINE_SAFETY", 0.12)];
    expect(liftAgreedTopic(story, farBehind)).toEqual(farBehind);
  });

  it("leaves mixed topics, short messages, weak and strong matches as they are", () => {
    const mixed = [...scams.slice(0, 3), place("e", "CASHLESS", 0.2)];
    expect(liftAgreedTopic(story, mixed)).toEqual(mixed);
    expect(liftAgreedTopic("bị lừa quà", scams)).toEqual(scams);
    const weak = scams.map((c) => ({ ...c, confidence: c.confidence - 0.1 }));
    expect(liftAgreedTopic(story, weak)).toEqual(weak);
    const strong = [{ ...place("a", "ONLINE_SAFETY", 0.6) }, ...scams.slice(1)];
    expect(liftAgreedTopic(story, strong)).toEqual(strong);
    expect(liftAgreedTopic(story, scams.slice(0, 3))).toEqual(scams.slice(0, 3));
  });
});

describe("understand: a forwarded scam text", () => {
  const full = buildUnderstandingIndex({ knowledge: KNOWLEDGE_BASE, checklists: CHECKLISTS });

  it.each([
    "Tài khoản của bạn sẽ bị khóa trong 24h nếu không cập nhật sinh trắc học, truy cập link vcb-sinhtrachoc.com",
    "Quý khách vui lòng cập nhật sinh trắc học trước 24h tại vietcombank-xacthuc.com để tránh bị khóa tài khoản",
  ])("reads «%s» as a possible scam, not as the bank's instructions it imitates", (text) => {
    const decision = decideAnswer(understand(full, text).candidates);
    expect(decision.kind === "answer" && idOf(decision.candidate)).toBe("online-safety.fake-bank-sms");
  });

  it("still answers the resident's own biometrics question with the bank's instructions", () => {
    const decision = decideAnswer(understand(full, "cập nhật sinh trắc học ngân hàng thế nào").candidates);
    expect(decision.kind === "answer" && idOf(decision.candidate)).toBe("cashless.update-biometrics");
  });
});

describe("understand: confidence is the share of the message explained", () => {
  const full = buildUnderstandingIndex({ knowledge: KNOWLEDGE_BASE, checklists: CHECKLISTS });
  const best = (text: string) => understand(full, text).candidates[0]?.confidence ?? 0;

  it.each([
    // One common word in each of several phrasings («bao lâu», «mấy hôm»): nothing anchors it.
    "giá vàng hôm nay bao nhiêu",
    // «thời tiết» is one word the index lacks, not «thời» and «tiết» of «tiết kiệm thời gian».
    "thời tiết mai thế nào",
    "xổ số miền bắc hôm nay",
    "kể chuyện cười đi",
  ])("keeps «%s» under the answer threshold", (text) => {
    expect(best(text)).toBeLessThan(MIN_ANSWER_CONFIDENCE);
  });

  it("reads two words the other way round as the same pair, not as a compound the index lacks", () => {
    expect(best("hàng bị bom thì sao")).toBeGreaterThanOrEqual(MIN_ANSWER_CONFIDENCE);
  });

  it("lets a one-word keyword the message holds whole anchor itself", () => {
    const [first] = understand(full, "tôi muốn làm vneid, số của tôi là").candidates;
    expect(first && "checklistId" in first && first.checklistId).toBe("vneid");
    expect(first?.confidence).toBeGreaterThanOrEqual(MIN_ANSWER_CONFIDENCE);
  });

  it("still answers a question whose words one phrasing holds together", () => {
    expect(best("quên mật khẩu vneid")).toBeGreaterThan(0.9);
    expect(best("mất phí mở tài khoản ngân hàng")).toBeGreaterThanOrEqual(MIN_ANSWER_CONFIDENCE);
  });
});

describe("understand: stop words, long messages, typos", () => {
  it("drops how people ask and keeps what they ask", () => {
    expect(meaningfulTokens("Cho mình hỏi làm sao để lấy lại mật khẩu ạ")).toEqual(["lay", "mat", "khau"]);
    expect(meaningfulTokens("làm lại căn cước")).toEqual(["lam", "lai", "can", "cuoc"]);
  });

  it("scores a long story by its best sentence", () => {
    const story =
      "Chào các bạn, tôi năm nay đã nghỉ hưu, ở với con cháu ngoài phố, hằng ngày đi tập thể dục và chăm cây cảnh. " +
      "Hôm trước con trai cài cho cái ứng dụng của Bộ Công an trên điện thoại mới. Hôm nay tôi quên mật khẩu VNeID.";
    const candidate = top(story);
    expect(idOf(candidate)).toBe("vneid.forgot-password");
    expect(candidate?.confidence).toBeGreaterThanOrEqual(MIN_ANSWER_CONFIDENCE);
  });

  it("corrects one typo in a longer word, never in short syllables", () => {
    expect(isOneEditApart("vnied", "vneid")).toBe(true);
    expect(isOneEditApart("khoang", "khoan")).toBe(true);
    expect(isOneEditApart("khong", "khoan")).toBe(false);
    expect(idOf(top("quen mat khau vnied"))).toBe("vneid.forgot-password");
    expect(idOf(top("mo shop sedno"))).toBe("ecommerce.open-shop-sendo");
  });
});

describe("understand: wants a person", () => {
  it.each([
    "có ai đến nhà hướng dẫn bà không",
    "bà già rồi mắt kém, nhờ ai cài giúp vneid",
    "ong toi khong biet dung dien thoai",
    "tôi không đi lại được, có người đến tận nhà làm căn cước không",
    "điện thoại khó dùng quá",
    "mẹ tôi già yếu rồi, làm định danh thế nào",
    "bà không nhớ mật khẩu, cháu nào qua lấy lại giúp bà",
    "ông bị mất thẻ, không có ai chở đi làm",
  ])("«%s» wants a person, whatever else it asks", (text) => {
    expect(detectWantsPerson(text)).toBe(true);
    expect(understand(index, text).wantsPerson).toBe(true);
  });

  it.each([
    "quên mật khẩu vneid",
    "tôi 60 tuổi có phải đổi thẻ căn cước không",
    "đoàn viên hỗ trợ có mất tiền không",
    // Age or health said of people in general is the topic, not a request.
    "người khuyết tật làm căn cước thế nào",
    "cách giúp người già ngủ ngon",
    // "hộ" of "hộ khẩu" is not "cài hộ".
    "nhập khẩu cho con vào cái hộ khẩu của cô ruột được không",
    // "đèn" and "tối" typed with their marks are a lamp and the dark, not "đến" and "tôi".
    "ứng dụng vneid không quét được mặt, đèn nhà tối",
    "Đèn nhà tối quá chụp ảnh căn cước bị mờ",
    // Offering to help is not asking for it.
    "em muốn làm tình nguyện viên thì đăng ký sao",
    "muon tham gia lam tinh nguyen vien chuyen doi so",
  ])("«%s» asks for an answer, not a person", (text) => expect(detectWantsPerson(text)).toBe(false));

  it("still reads the same words typed without marks as they read before", () => {
    expect(detectWantsPerson("co ai den nha giup khong")).toBe(true);
    expect(detectWantsPerson("con ơi có ai đến nhà giúp bà được không")).toBe(true);
  });
});

describe("decideAnswer: thresholds", () => {
  const entry = (entryId: string, confidence: number, checklistId: string | null = null): Candidate => ({
    kind: "entry",
    entryId,
    topic: "VNEID",
    title: entryId,
    checklistId,
    confidence,
  });
  const step = (stepId: string, confidence: number): Candidate => ({
    kind: "step",
    checklistId: "vneid",
    stepId,
    topic: "VNEID",
    title: stepId,
    confidence,
  });

  it("answers when confident and clearly ahead", () => {
    expect(decideAnswer([entry("a", 0.9), entry("b", 0.5)])).toMatchObject({ kind: "answer", sure: true });
  });
  it("answers but flags a weak answer for admins", () => {
    expect(decideAnswer([entry("a", 0.55), entry("b", 0.2)])).toMatchObject({ kind: "answer", sure: false });
  });
  it("asks which of two close entries", () => {
    expect(decideAnswer([entry("a", 0.8), entry("b", 0.795)])).toMatchObject({ kind: "ask" });
    expect(decideAnswer([entry("a", 0.8), entry("b", 0.785)])).toMatchObject({
      kind: "answer",
      candidate: { entryId: "a" },
    });
  });
  it("prefers the answer to a close step of its own checklist", () => {
    const decision = decideAnswer([step("l1-otp", 0.8), entry("otp", 0.785, "vneid")]);
    expect(decision).toMatchObject({ kind: "answer", candidate: { entryId: "otp" } });
  });
  it("says nothing good below the floor, keeping a weak best guess", () => {
    expect(decideAnswer([entry("a", 0.35)])).toMatchObject({ kind: "nothing", best: { entryId: "a" } });
    expect(decideAnswer([entry("a", 0.1)])).toEqual({ kind: "nothing", best: null });
    expect(decideAnswer([{ kind: "none", confidence: 1 }])).toEqual({ kind: "nothing", best: null });
  });

  it("gives no content candidate to a message without letters (a bare number is a choice, not a question)", () => {
    for (const typed of ["2", " 1. ", "3)"]) {
      expect(understand(index, typed).candidates).toEqual([{ kind: "none", confidence: 1 }]);
    }
  });
});

describe("understand: how residents type", () => {
  it("reads Telex and VNI leftovers, glued units and chat shorthand", () => {
    expect(idOf(top("quene maatj khaaur vneid"))).toBe("vneid.forgot-password");
    expect(idOf(top("que6n ma65t kha63u vneid"))).toBe("vneid.forgot-password");
    expect(idOf(top("wen matkhau vneid"))).toBe("vneid.forgot-password");
    expect(idOf(top("wen pass app bank bidv"))).toBe("cashless.forgot-bank-password");
  });
});

describe("understand: the way into a guide", () => {
  const full = buildUnderstandingIndex({ knowledge: KNOWLEDGE_BASE, checklists: CHECKLISTS });
  const first = (text: string) => idOf(understand(full, text).candidates[0]);

  it.each([
    ["muốn bán hàng online", "ecommerce"],
    ["em muốn bán hàng online mà không biết bắt đầu từ đâu", "ecommerce"],
    ["bà muốn làm cái định danh điện tử mà không biết bắt đầu từ đâu", "vneid"],
    ["muốn làm dịch vụ công mà không biết bắt đầu từ đâu", "public-services"],
  ])("«%s» leads to the guide %s, from its beginning", (text, guide) => {
    const understanding = understand(full, text);
    expect(first(text)).toBe(guide);
    // Clear of the close calls: the policy answers with the guide, it does not ask.
    expect(decideAnswer(understanding.candidates).kind).toBe("answer");
  });

  it.each([
    ["định danh là gì vậy", "vneid.what-is-electronic-id"],
    ["lam the can cuoc o cho nao", "chip-id.where-to-apply"],
    ["giao hàng khi bán online thế nào", "ecommerce.shipping"],
  ])("a question about the topic still gets its answer: «%s»", (text, entry) => {
    expect(first(text)).toBe(entry);
  });
});

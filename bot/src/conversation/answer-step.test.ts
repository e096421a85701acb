import { describe, expect, it } from "vitest";
import { buttonTitles, play, replyText } from "./fixtures/play-with-knowledge-base.ts";
import { BUTTON, fill, TEXT } from "./texts.ts";

/** Inside a step, on the real knowledge base: what is an answer to the step, and what is a new question. */

const atCashlessStart = ["Thanh toán không tiền mặt"];

describe("a question step's answer that repeats the question's words", () => {
  it.each([
    "tôi chưa có tài khoản ngân hàng nào cả",
    "chưa có tài khoản ngân hàng hay ví điện tử gì hết",
    "bà chưa có ví điện tử trên điện thoại",
  ])("«%s» is the choice «Chưa có», not a question about bank accounts", (answer) => {
    const { state } = play([...atCashlessStart, answer]);
    expect(state.active).toMatchObject({ checklistId: "cashless", stepId: "open" });
  });

  it("«đã có tài khoản ngân hàng trên điện thoại rồi» is «Đã có»", () => {
    expect(play([...atCashlessStart, "đã có tài khoản ngân hàng trên điện thoại rồi"]).state.active?.stepId).toBe(
      "qr-pay",
    );
  });

  it("a longer message that asks something beyond the question is still answered as a question", () => {
    const { state, last } = play([
      ...atCashlessStart,
      "tôi chưa có tài khoản ngân hàng, có người rủ bán tài khoản lấy tiền được không",
    ]);
    expect(state.active?.stepId).toBe("start");
    expect(replyText(last)).toContain("vi phạm pháp luật");
    expect(buttonTitles(last)).toContain(BUTTON.backToStepShort);
  });
});

describe("a question that holds a choice's everyday word", () => {
  it.each([
    "mất bao lâu thì có",
    "có mất phí không",
    "thế có phải lên xã không?",
  ])("«%s» does not pick «Đã có»", (question) => {
    const before = play(["Dịch vụ công trực tuyến"]).state.active;
    expect(play(["Dịch vụ công trực tuyến", question]).state.active).toEqual(before);
  });

  it.each(["có", "có rồi", "chưa", "vẫn chưa"])("the word alone still answers: «%s»", (answer) => {
    const before = play(["Dịch vụ công trực tuyến"]).state.active;
    expect(play(["Dịch vụ công trực tuyến", answer]).state.active).not.toEqual(before);
  });
});

describe("a follow-up after an answer given inside a step", () => {
  it("«mất bao lâu thì có» after the birth-registration answer stays with it, said to be the same answer", () => {
    const { last } = play([
      "Dịch vụ công trực tuyến",
      "đăng ký khai sinh cho con online thế nào",
      "mất bao lâu thì có",
    ]);
    const text = replyText(last);
    expect(text).toContain(fill(TEXT.sameAnswerAgain, { title: "Đăng ký khai sinh trực tuyến" }));
    expect(text).toContain("không quá 3 ngày làm việc");
    expect(text).not.toContain("Luật Căn cước");
  });
});

describe("what elderly residents answer a step with", () => {
  const atInstall = ["Định danh điện tử VNeID", "Chưa có tài khoản"];

  it.each(["vâng", "Vâng ạ", "dạ", "ừ"])("«%s» (typed with its marks) is «Xong»", (yes) => {
    expect(play([...atInstall, yes]).state.active?.stepId).toBe("l1-register");
  });

  it("«tạm vắng» typed without marks is no «vâng»", () => {
    expect(play([...atInstall, "tam vang"]).state.active?.stepId).not.toBe("l1-register");
  });

  it("«thôi để mai tính» keeps the step for later, and says how to come back", () => {
    const { last, state } = play([...atInstall, "thôi để mai tính"]);
    expect(replyText(last)).toBe(fill(TEXT.laterInStep, { step: "Cài ứng dụng VNeID" }));
    expect(state.active?.stepId).toBe("l1-install");
  });

  it("«thế thì làm sao» after an answer asks that answer again", () => {
    const { last } = play([
      "Định danh điện tử VNeID",
      "Có mức 1, muốn lên mức 2",
      "sim không chính chủ thì sao",
      "thế thì làm sao",
    ]);
    const text = replyText(last);
    expect(text).toContain(fill(TEXT.sameAnswerAgain, { title: "SIM không đứng tên mình" }).slice(0, 20));
    expect(text).toContain("SIM chính chủ");
    expect(text).not.toContain(fill(TEXT.notUnderstoodInStep, { step: "Chuẩn bị cho mức 2" }));
  });
});

describe("after a scam answer", () => {
  const scam = "co nguoi goi dien xung la nhan vien ngan hang bao the cua toi bi khoa, doc ma otp de mo";

  it("«tôi đọc rồi» is no «Tuyệt vời!»: act now, a person; «giờ phải làm gì» gets the answer again", () => {
    const { turns } = play([scam, "toi doc roi", "gio phai lam gi"]);
    const [answered, confessed, asked] = turns.map(replyText);
    expect(answered).toContain("OTP");
    expect(confessed).toBe(TEXT.scamAlreadyDone);
    expect(confessed).not.toContain(TEXT.answerDone);
    expect(asked).toContain(answered?.split("\n")[0]);
  });

  it("a bare «xong» is still acknowledged", () => {
    expect(replyText(play([scam, "xong"]).last)).toBe(TEXT.answerDone);
  });
});

describe("thanks inside a step", () => {
  it("is thanked back with the step's buttons, not «chưa hiểu»", () => {
    const { last, state } = play([...atCashlessStart, "cảm ơn cháu"]);
    expect(replyText(last)).toContain(TEXT.thanksInStep);
    expect(replyText(last)).not.toContain(fill(TEXT.notUnderstoodInStep, { step: "Đã có tài khoản chưa" }));
    expect(buttonTitles(last)).toEqual(expect.arrayContaining(["Chưa có", "Đã có"]));
    expect(state.active?.stepId).toBe("start");
  });
});

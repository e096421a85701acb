import { describe, expect, it } from "vitest";
import { intentsOf, meaningfulTokens, NAMES_OF, termsOf } from "./extract-terms.ts";

describe("intentsOf", () => {
  it("reads the kind of answer from the words matching drops", () => {
    expect(intentsOf("Bị lừa đảo qua mạng phải làm gì?")).toEqual(new Set(["todo"]));
    expect(intentsOf("bao lua dao o dau")).toEqual(new Set(["where"]));
    expect(intentsOf("Làm căn cước mất bao lâu, hết bao nhiêu tiền?")).toEqual(new Set(["when", "much"]));
    expect(intentsOf("bi lua co lay lai tien duoc khong")).toEqual(new Set(["yesno"]));
  });

  it("uses a phrase's words once: «phải làm gì» is not also «làm gì»", () => {
    expect(intentsOf("phải làm gì")).toEqual(new Set(["todo"]));
    expect(meaningfulTokens("phải làm gì")).toEqual([]);
  });

  it("tells «how do I check» and «how do they differ» from «what do I do»", () => {
    expect(intentsOf("Làm sao để biết đã đăng ký định danh mức 2?")).toEqual(new Set(["check"]));
    expect(intentsOf("lam sao biet link ngan hang that hay gia")).toEqual(new Set(["check"]));
    expect(intentsOf("Căn cước điện tử và thẻ căn cước có gì khác nhau?")).toEqual(new Set(["differ"]));
    expect(intentsOf("quên mật khẩu thì làm sao")).toEqual(new Set(["todo"]));
  });

  it("hears that the resident already did it: «rồi»", () => {
    expect(intentsOf("lỡ bấm vào link nhận quà rồi")).toEqual(new Set(["done"]));
    expect(intentsOf("đưa mã OTP cho người ta rồi thì phải làm sao")).toEqual(new Set(["done", "todo"]));
  });

  it("finds none in a message that asks nothing", () => {
    expect(intentsOf("quên mật khẩu vneid")).toEqual(new Set());
  });
});

describe("meaningfulTokens", () => {
  it("keeps a «chưa» negation as the «không» one it means", () => {
    expect(meaningfulTokens("chưa nhận được OTP")).toEqual(meaningfulTokens("không nhận được OTP"));
    expect(meaningfulTokens("mình chưa thấy tiền về")).toEqual(["khong", "thay", "tien"]);
    expect(meaningfulTokens("chua co tai khoan vneid")).toEqual(["khong", "tai", "khoan", "vneid"]);
    expect(meaningfulTokens("chưa nhớ mật khẩu")).toEqual(meaningfulTokens("không nhớ mật khẩu"));
  });
});

describe("NAMES_OF", () => {
  it("lists only names a message can hold: each is what meaningfulTokens leaves of it, of at most three words", () => {
    for (const [, ...names] of NAMES_OF) {
      for (const name of names) {
        expect(meaningfulTokens(name).join(" "), name).toBe(name);
        expect(name.split(" ").length, name).toBeLessThanOrEqual(3);
      }
    }
  });

  it("adds the general name of a name the message has", () => {
    expect(termsOf(meaningfulTokens("quên mật khẩu BIDV"))).toContain("ngan hang");
    expect(termsOf(meaningfulTokens("bố tôi đã về hưu"))).toContain("nguoi cao tuoi");
  });
});

describe("content words that fold onto a stop word", () => {
  it("keeps «lãi», «cài», «tổ», «quà» typed with their marks, as their Telex spelling", () => {
    expect(meaningfulTokens("Cài đặt VNeID để nhận quà")).toEqual(["caif", "dat", "vneid", "nhan", "quaf"]);
    expect(meaningfulTokens("caif ddawtj vneid")).toContain("caif");
    expect(meaningfulTokens("tiền lãi cao")).toEqual(["tien", "laix", "cao"]);
    expect(meaningfulTokens("Tổ công nghệ số")).toContain("toor");
    expect(meaningfulTokens("qu\u00e0")).toEqual(["quaf"]);
    expect(meaningfulTokens("qua\u0300")).toEqual(["quaf"]);
    expect(meaningfulTokens("qùa")).toEqual(["quaf"]);
  });

  it("leaves the stop words they fold onto, and the unmarked spelling, to go", () => {
    expect(meaningfulTokens("làm lại cái thẻ qua mạng")).toEqual(["lam", "lai", "mang"]);
    expect(meaningfulTokens("nhan qua tai khoan")).toEqual(["nhan", "tai", "khoan"]);
  });
});

describe("unmarked spellings of those words where the neighbour tells", () => {
  it("reads «lai suat», «to cong nghe», «qua tang» as their marked words", () => {
    expect(meaningfulTokens("lai suat cao")).toEqual(meaningfulTokens("lãi suất cao"));
    expect(meaningfulTokens("to cong nghe so")).toEqual(meaningfulTokens("tổ công nghệ số"));
    expect(meaningfulTokens("nhan qua tang")).toEqual(meaningfulTokens("nhận quà tặng"));
  });
});

describe("one spelling for the words residents say two ways", () => {
  it("reads «coin» as «tiền ảo» and «điện thoại thông minh» as «smartphone»", () => {
    expect(meaningfulTokens("gửi tiền cho leader để mua coin")).toContain("ao");
    expect(meaningfulTokens("mua bitcoin")).toEqual(meaningfulTokens("mua tiền ảo"));
    expect(meaningfulTokens("điện thoại thông minh")).toEqual(["smartphone"]);
  });
});

describe("residents' English and chat words", () => {
  it("reads «ship», «COD», «update», «inbox» as the knowledge base's Vietnamese", () => {
    expect(meaningfulTokens("ship hàng cho khách")).toEqual(meaningfulTokens("giao hàng cho khách"));
    expect(meaningfulTokens("phat hang thu tien cod")).toContain("thu");
    expect(meaningfulTokens("phat hang thu tien cod")).toContain("ho");
    expect(meaningfulTokens("update sinh trắc học")).toEqual(meaningfulTokens("cập nhật sinh trắc học"));
    expect(meaningfulTokens("inbox cho shop")).toEqual(meaningfulTokens("nhắn tin cho shop"));
  });
});

describe("residents' everyday words for the knowledge base's terms", () => {
  it("reads «tiền học» as «học phí» and «hư hỏng», «bị hư» as «hỏng»", () => {
    expect(meaningfulTokens("đóng tiền học qua ngân hàng")).toEqual(meaningfulTokens("đóng học phí qua ngân hàng"));
    expect(meaningfulTokens("hàng bị hư")).toEqual(meaningfulTokens("hàng bị hỏng"));
    expect(meaningfulTokens("hàng hư hỏng")).toEqual(meaningfulTokens("hàng hỏng"));
  });
});

describe("the official «cấp đổi»", () => {
  it("reads as the «đổi» residents say", () => {
    expect(meaningfulTokens("cấp đổi căn cước")).toEqual(meaningfulTokens("đổi căn cước"));
  });
});

describe("words for «now»", () => {
  it("are dropped: they say when, not what", () => {
    expect(meaningfulTokens("hiện tại tôi không vào được VNeID")).toEqual(meaningfulTokens("không vào được VNeID"));
    expect(meaningfulTokens("bây giờ phải làm sao")).toEqual([]);
  });
});

import type { SensitiveKind } from "./redact-sensitive.ts";

/**
 * What residents and members really type, for the privacy guard's tests: each input with the secrets that must not
 * survive, the kinds the guard must report, and the harmless numbers and words that must come out unchanged.
 * Inputs marked `issue8` are the forms issue 8 found reaching the database unmasked.
 */
export interface RedactionCase {
  input: string;
  /** Substrings that must not appear in the output (as typed; digits are also checked with separators removed). */
  secrets: readonly string[];
  /** Exactly the kinds the guard must report (empty: nothing to mask, the text must come back unchanged). */
  kinds: readonly SensitiveKind[];
  /** Substrings that must appear in the output as typed. */
  keep: readonly string[];
  issue8?: true;
}

const ID: readonly SensitiveKind[] = ["CITIZEN_ID"];
const CARD: readonly SensitiveKind[] = ["BANK_CARD"];
const OTP: readonly SensitiveKind[] = ["OTP"];
const PASSWORD: readonly SensitiveKind[] = ["PASSWORD"];
const NONE: readonly SensitiveKind[] = [];

export const REDACTION_CORPUS: readonly RedactionCase[] = [
  // ---- issue 8, first bullet: every form named there -------------------------------------------------------------
  { input: "cccd 038123456789 0912345678", secrets: ["038123456789"], kinds: ID, keep: ["0912345678"], issue8: true },
  { input: "mật khẩu của mình là Hoa@1990", secrets: ["Hoa@1990"], kinds: PASSWORD, keep: ["mật khẩu"], issue8: true },
  { input: "mk là: abc123", secrets: ["abc123"], kinds: PASSWORD, keep: ["mk là:"], issue8: true },
  { input: "matkhau: abc123", secrets: ["abc123"], kinds: PASSWORD, keep: ["matkhau"], issue8: true },
  { input: "mã của em là 482913", secrets: ["482913"], kinds: OTP, keep: ["mã của em là"], issue8: true },
  { input: "otp cua toi la 482913", secrets: ["482913"], kinds: OTP, keep: ["otp cua toi la"], issue8: true },
  { input: "482913 là mã otp", secrets: ["482913"], kinds: OTP, keep: ["là mã otp"], issue8: true },
  { input: "ma\u0303 la\u0300 482913", secrets: ["482913"], kinds: OTP, keep: [], issue8: true },
  { input: "mã (của em) là 482913", secrets: ["482913"], kinds: OTP, keep: ["(của em)"], issue8: true },
  { input: "code: 4829", secrets: ["4829"], kinds: OTP, keep: ["code:"], issue8: true },
  {
    input: "số căn cước của em ０３８１２３４５６７８９ ạ",
    secrets: ["０３８１２３４５６７８９", "038123456789"],
    kinds: ID,
    keep: ["số căn cước của em", "ạ"],
    issue8: true,
  },
  { input: "cccd 0381\t2345\t6789", secrets: ["6789", "2345"], kinds: ID, keep: ["cccd"], issue8: true },
  { input: "cccd 0381\u00a02345\u00a06789 nhé", secrets: ["2345", "6789"], kinds: ID, keep: ["nhé"], issue8: true },
  { input: "cccd 038/123/456/789", secrets: ["038/123/456/789", "456"], kinds: ID, keep: [], issue8: true },
  { input: "CCCD 0381 - 2345 - 6789", secrets: ["2345", "6789"], kinds: ID, keep: ["CCCD"], issue8: true },
  {
    input: "thẻ 4111 1111 1111 1111 cvv 123",
    secrets: ["4111 1111 1111 1111", "123"],
    kinds: CARD,
    keep: ["thẻ"],
    issue8: true,
  },
  {
    input: "số thẻ 4111-1111-1111-1111 hết hạn 12/27 mã cvv 123",
    secrets: ["4111-1111-1111-1111", "12/27", "123"],
    kinds: CARD,
    keep: ["hết hạn"],
    issue8: true,
  },

  // ---- citizen IDs (12 digits) and old IDs (9 digits) -------------------------------------------------------------
  { input: "cccd cua toi la 038123456789", secrets: ["038123456789"], kinds: ID, keep: [] },
  { input: "Số CCCD: 0381 2345 6789 nhé", secrets: ["0381 2345 6789"], kinds: ID, keep: ["nhé"] },
  { input: "cmnd 172345678", secrets: ["172345678"], kinds: ID, keep: ["cmnd"] },
  { input: "CCCD 038.123.456.789", secrets: ["038.123.456.789"], kinds: ID, keep: [] },
  { input: "căn cước 038-123-456-789", secrets: ["038-123-456-789"], kinds: ID, keep: ["căn cước"] },
  { input: "cccd 038,123,456,789", secrets: ["038,123,456,789"], kinds: ID, keep: [] },
  { input: "cccd:038123456789", secrets: ["038123456789"], kinds: ID, keep: ["cccd:"] },
  { input: "CCCD038123456789", secrets: ["038123456789"], kinds: ID, keep: [] },
  { input: "so dinh danh 038 1 90 123456", secrets: ["123456", "038 1 90"], kinds: ID, keep: ["so dinh danh"] },
  { input: "0381 2345 6789", secrets: ["0381 2345 6789"], kinds: ID, keep: [] },
  { input: "cccd 0381\u200b2345\u200b6789", secrets: ["2345", "6789"], kinds: ID, keep: [] },
  { input: "cccd 0381\u20092345\u20096789", secrets: ["2345", "6789"], kinds: ID, keep: [] },
  { input: "cccd ٠٣٨١٢٣٤٥٦٧٨٩", secrets: ["٠٣٨١٢٣٤٥٦٧٨٩", "038123456789"], kinds: ID, keep: [] },
  {
    input: "cccd 038 123 456 789 sdt 0912 345 678",
    secrets: ["038 123 456 789"],
    kinds: ID,
    keep: ["0912 345 678"],
  },
  { input: "0912345678 038123456789", secrets: ["038123456789"], kinds: ID, keep: ["0912345678"] },
  {
    input: "em tên Hoa, cccd 038195012345, sinh ngày 12/05/1995, sđt 0987654321",
    secrets: ["038195012345"],
    kinds: ID,
    keep: ["12/05/1995", "0987654321", "Hoa"],
  },
  {
    input: "cmnd cũ 172.345.678 còn cccd mới 038195012345",
    secrets: ["172.345.678", "038195012345"],
    kinds: ID,
    keep: ["cmnd cũ"],
  },
  { input: "số định danh cá nhân của bà là 038150001234 ạ", secrets: ["038150001234"], kinds: ID, keep: ["ạ"] },
  {
    input: "cccd 0381 2345 6789 0912 345 678",
    secrets: ["0381 2345 6789"],
    kinds: ID,
    keep: ["0912 345 678"],
  },
  { input: "cccd của con là 038 123456789", secrets: ["123456789"], kinds: ID, keep: [] },
  { input: "CCCD: 0 3 8 1 2 3 4 5 6 7 8 9", secrets: ["0 3 8 1 2 3 4 5 6 7 8 9"], kinds: ID, keep: [] },
  { input: "ca\u0306n cu\u031bo\u031b\u0301c 038123456789", secrets: ["038123456789"], kinds: ID, keep: [] },
  { input: "cccd 038123456789.", secrets: ["038123456789"], kinds: ID, keep: [] },
  { input: "(038123456789)", secrets: ["038123456789"], kinds: ID, keep: ["(", ")"] },
  { input: "cccd 038123456789 và 2 triệu", secrets: ["038123456789"], kinds: ID, keep: ["2 triệu"] },
  { input: "cmnd 172 345 678 0912345678", secrets: ["172 345 678"], kinds: ID, keep: ["0912345678"] },
  { input: "cccd 0381234567 89", secrets: ["0381234567"], kinds: ID, keep: [] },
  { input: "CMND: 172345678, sinh năm 1975", secrets: ["172345678"], kinds: ID, keep: ["1975"] },

  // ---- bank cards, with their expiry and CVV ---------------------------------------------------------------------
  { input: "the ngan hang 4111 1111 1111 1111", secrets: ["4111 1111 1111 1111"], kinds: CARD, keep: [] },
  { input: "stk 9704 1234 5678 9012 345", secrets: ["9704 1234 5678 9012 345"], kinds: CARD, keep: ["stk"] },
  {
    input: "thẻ visa 4111111111111111 12/27 123",
    secrets: ["4111111111111111", "12/27", "123"],
    kinds: CARD,
    keep: ["thẻ visa"],
  },
  { input: "amex 3782 822463 10005", secrets: ["822463", "10005"], kinds: CARD, keep: ["amex"] },
  { input: "số thẻ: 5105.1051.0510.5100", secrets: ["5105.1051.0510.5100"], kinds: CARD, keep: [] },
  { input: "cvv: 123", secrets: ["123"], kinds: CARD, keep: ["cvv:"] },
  {
    input: "thẻ 4111 1111 1111 1111, mã cvv2 là 123",
    secrets: ["4111 1111 1111 1111", "123"],
    kinds: CARD,
    keep: ["cvv2"],
  },
  {
    input: "chuyển 500.000đ vào thẻ 9704 1234 5678 9012",
    secrets: ["9704 1234 5678 9012"],
    kinds: CARD,
    keep: ["500.000đ"],
  },

  // ---- OTPs and passcodes ------------------------------------------------------------------------------------------
  { input: "mã OTP là 482913", secrets: ["482913"], kinds: OTP, keep: [] },
  { input: "otp: 4821", secrets: ["4821"], kinds: OTP, keep: [] },
  { input: "482913", secrets: ["482913"], kinds: OTP, keep: [] },
  { input: "482 913", secrets: ["482 913"], kinds: OTP, keep: [] },
  { input: "Mã xác nhận của em là 482913 ạ", secrets: ["482913"], kinds: OTP, keep: ["ạ"] },
  { input: "mã xác thực VNeID: 123456", secrets: ["123456"], kinds: OTP, keep: ["VNeID"] },
  { input: "em vừa nhận được mã 839201 qua tin nhắn", secrets: ["839201"], kinds: OTP, keep: ["qua tin nhắn"] },
  { input: "otp vừa nhận được là 482913", secrets: ["482913"], kinds: OTP, keep: [] },
  { input: "482913 chính là mã OTP của em", secrets: ["482913"], kinds: OTP, keep: ["chính là mã OTP"] },
  { input: "482913 la otp", secrets: ["482913"], kinds: OTP, keep: [] },
  { input: "passcode 6 số của em là 123456", secrets: ["123456"], kinds: OTP, keep: ["6 số"] },
  { input: "mã pin thẻ atm 1234", secrets: ["1234"], kinds: OTP, keep: [] },
  { input: "pass code: 2468", secrets: ["2468"], kinds: OTP, keep: [] },
  { input: "mã OTP: ４８２９１３", secrets: ["４８２９１３", "482913"], kinds: OTP, keep: [] },
  { input: "OTP la 4 8 2 9 1 3", secrets: ["4 8 2 9 1 3"], kinds: OTP, keep: [] },
  { input: "ma otp cua em 482913 nhe", secrets: ["482913"], kinds: OTP, keep: ["nhe"] },
  { input: "Mã giao dịch OTP 48291375", secrets: ["48291375"], kinds: OTP, keep: [] },
  { input: "otp\u00a0482913", secrets: ["482913"], kinds: OTP, keep: [] },
  { input: "smart otp 482913 ạ", secrets: ["482913"], kinds: OTP, keep: ["smart otp"] },

  // ---- passwords ---------------------------------------------------------------------------------------------------
  { input: "mat khau la Hoa@1990", secrets: ["Hoa@1990"], kinds: PASSWORD, keep: [] },
  { input: "mk: abc123xyz", secrets: ["abc123xyz"], kinds: PASSWORD, keep: [] },
  { input: "pass: Lan2024!", secrets: ["Lan2024"], kinds: PASSWORD, keep: [] },
  { input: "password là hoa1990 nhé", secrets: ["hoa1990"], kinds: PASSWORD, keep: ["nhé"] },
  { input: "pw=abc123", secrets: ["abc123"], kinds: PASSWORD, keep: [] },
  { input: "mật khẩu VNeID của em là Hoa@1990", secrets: ["Hoa@1990"], kinds: PASSWORD, keep: ["VNeID"] },
  { input: "mật khẩu đăng nhập là 12345678a", secrets: ["12345678a"], kinds: PASSWORD, keep: [] },
  { input: "mk cua toi la hoamai", secrets: ["hoamai"], kinds: PASSWORD, keep: [] },
  { input: "MK: Abc@123", secrets: ["Abc@123"], kinds: PASSWORD, keep: ["MK:"] },
  { input: "mật khẩu cấp 2 là 123456", secrets: ["123456"], kinds: PASSWORD, keep: ["cấp 2"] },
  { input: "mật khẩu: ＡＢＣ１２３", secrets: ["ＡＢＣ１２３"], kinds: PASSWORD, keep: [] },
  { input: "mat\u00a0khau: abc123", secrets: ["abc123"], kinds: PASSWORD, keep: [] },
  { input: "mk:abc123", secrets: ["abc123"], kinds: PASSWORD, keep: [] },
  { input: "123456 là mật khẩu của em", secrets: ["123456"], kinds: PASSWORD, keep: [] },
  { input: "matkhau123456", secrets: ["123456"], kinds: PASSWORD, keep: [] },
  { input: "mk mới là Xk9#pq nhé", secrets: ["Xk9#pq"], kinds: PASSWORD, keep: ["nhé"] },
  {
    input: "Mật khẩu wifi nhà văn hóa: hoaphuong2024",
    secrets: ["hoaphuong2024"],
    kinds: PASSWORD,
    keep: ["nhà văn hóa:"],
  },
  { input: "mật khẩu tài khoản ngân hàng là Lan@123", secrets: ["Lan@123"], kinds: PASSWORD, keep: [] },

  // ---- several at once ---------------------------------------------------------------------------------------------
  { input: "mk là Hoa@1990 còn otp là 482913", secrets: ["Hoa@1990", "482913"], kinds: ["OTP", "PASSWORD"], keep: [] },
  {
    input: "cccd 038123456789 mật khẩu vneid là Abc@123 otp 482913",
    secrets: ["038123456789", "Abc@123", "482913"],
    kinds: ["CITIZEN_ID", "OTP", "PASSWORD"],
    keep: [],
  },

  // ---- harmless: must come back exactly as typed -------------------------------------------------------------------
  { input: "goi 0912345678 giup toi", secrets: [], kinds: NONE, keep: ["0912345678"] },
  { input: "sđt của em 0912 345 678", secrets: [], kinds: NONE, keep: ["0912 345 678"] },
  { input: "số điện thoại: 0912.345.678", secrets: [], kinds: NONE, keep: ["0912.345.678"] },
  { input: "+84 912 345 678", secrets: [], kinds: NONE, keep: ["+84 912 345 678"] },
  { input: "+84912345678", secrets: [], kinds: NONE, keep: ["+84912345678"] },
  { input: "84912345678", secrets: [], kinds: NONE, keep: ["84912345678"] },
  { input: "Liên hệ 0237 3852 123", secrets: [], kinds: NONE, keep: ["0237 3852 123"] },
  { input: "0912345678 hoặc 0987654321", secrets: [], kinds: NONE, keep: ["0912345678", "0987654321"] },
  { input: "ngày 12/05/2024", secrets: [], kinds: NONE, keep: ["12/05/2024"] },
  { input: "hẹn 8h30 sáng thứ bảy 14/12", secrets: [], kinds: NONE, keep: ["14/12"] },
  { input: "2024-05-12", secrets: [], kinds: NONE, keep: ["2024-05-12"] },
  { input: "hạn chót 30/06/2025 nhé", secrets: [], kinds: NONE, keep: ["30/06/2025"] },
  { input: "em sinh ngày 01.02.1990", secrets: [], kinds: NONE, keep: ["01.02.1990"] },
  { input: "lúc 10:30 ngày 5/12", secrets: [], kinds: NONE, keep: ["10:30", "5/12"] },
  { input: "giá 500.000đ", secrets: [], kinds: NONE, keep: ["500.000đ"] },
  { input: "vay 150.000.000 đồng", secrets: [], kinds: NONE, keep: ["150.000.000 đồng"] },
  { input: "chuyển 2 triệu", secrets: [], kinds: NONE, keep: ["2 triệu"] },
  { input: "1.500.000 VNĐ", secrets: [], kinds: NONE, keep: ["1.500.000 VNĐ"] },
  { input: "số tiền 1,500,000 đồng", secrets: [], kinds: NONE, keep: ["1,500,000"] },
  { input: "phí 50k", secrets: [], kinds: NONE, keep: ["50k"] },
  { input: "số nhà 25 ngõ 3 thôn Đông", secrets: [], kinds: NONE, keep: ["25", "3"] },
  { input: "nhà số 12/3 đường Lê Lợi", secrets: [], kinds: NONE, keep: ["12/3"] },
  { input: "năm 2024", secrets: [], kinds: NONE, keep: ["2024"] },
  { input: "sinh năm 1965", secrets: [], kinds: NONE, keep: ["1965"] },
  { input: "năm 2020, 2021, 2022 đều làm", secrets: [], kinds: NONE, keep: ["2020, 2021, 2022"] },
  { input: "2020 2021 2022", secrets: [], kinds: NONE, keep: ["2020 2021 2022"] },
  { input: "toi 65 tuoi", secrets: [], kinds: NONE, keep: ["65"] },
  { input: "kich hoat dinh danh muc 2", secrets: [], kinds: NONE, keep: ["muc 2"] },
  { input: "1", secrets: [], kinds: NONE, keep: ["1"] },
  { input: "mật khẩu là gì vậy ạ?", secrets: [], kinds: NONE, keep: ["gì vậy ạ?"] },
  { input: "quên mật khẩu thì làm sao", secrets: [], kinds: NONE, keep: ["thì làm sao"] },
  { input: "mật khẩu phải có ít nhất 8 ký tự", secrets: [], kinds: NONE, keep: ["8 ký tự"] },
  { input: "quên mật khẩu thì làm sao, sđt là 0912345678", secrets: [], kinds: NONE, keep: ["0912345678"] },
  { input: "đổi mật khẩu: vào cài đặt", secrets: [], kinds: NONE, keep: ["vào cài đặt"] },
  { input: "mã hồ sơ G22.99-240501-0001 tra ở đâu", secrets: [], kinds: NONE, keep: ["G22.99-240501-0001"] },
  { input: "tổng đài 1900 1234", secrets: [], kinds: NONE, keep: ["1900 1234"] },
  { input: "mã bưu chính 440000", secrets: [], kinds: NONE, keep: ["440000"] },
  { input: "từ 8 - 10 giờ", secrets: [], kinds: NONE, keep: ["8 - 10"] },
  { input: "2 giờ chiều thứ 7", secrets: [], kinds: NONE, keep: ["2 giờ"] },
  { input: "2 vợ chồng với 3 đứa con", secrets: [], kinds: NONE, keep: ["2", "3"] },
  { input: "pin điện thoại 5000 mAh", secrets: [], kinds: NONE, keep: ["5000"] },
  { input: "Chiều thứ bảy, sau 3 giờ", secrets: [], kinds: NONE, keep: ["3 giờ"] },
];

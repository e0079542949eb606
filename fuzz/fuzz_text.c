/*
 * fuzz_text.c — the segmenter (FUZZ_TEXT_SEGMENT) or the extractor (FUZZ_TEXT_EXTRACT)
 * through the pipeline, fed valid UTF-8 only, so the fuzzer spends its time past the reader.
 *
 * The input bytes are turned into text: every valid multibyte UTF-8 character and every
 * printable ASCII byte, tab and newline passes through (so the fixtures and the dictionary
 * work as seeds), and every other byte — a stray UTF-8 lead or continuation byte, a control
 * byte — becomes a token from the target's alphabet: Chinese numerals, section markers,
 * units, qualifiers, digits, punctuation, line breaks. The text is parsed as forced UTF-8,
 * then checked (fuzz_check.h) and written as JSON.
 */
#include "fuzz_check.h"

#if defined(FUZZ_TEXT_SEGMENT)
/* markers of every style, heading words, site noise, line breaks */
static const char *const k_tokens[] = {
    "\n", "\n", "\n", "\r\n", "\r", "一、", "二、", "三、", "十、", "十一、", "二十、", "（一）", "（二）",
    "(三)", "（十二）", "一是", "二是", "三是", "十五是", "一要", "第一，", "第二，", "其一，", "1.", "2.", "10.",
    "1、", "2、", "1．", "（1）", "(2)", "（3）", "①", "②", "③", "⑳", "一", "二", "三", "四", "五", "六", "七",
    "八", "九", "十", "百", "零", "〇", "两", "、", "。", "，", "；", "：", ":", "（", "）", "(", ")", "“", "”",
    "XX镇", "2023年", "工作总结", "工作报告", "工作计划", "乡", "街道", "县", "人民政府", "年度",
    "基本情况", "主要做法", "存在问题", "下步打算", "全年", "完成", "加强", "推进",
    "##paidbegin##", "##paidend##", "第3页共9页", "共 9 页 第 3 页", "文档下载", "本文档编辑密码：123",
    " ", "　", "\t", "\xc2\xa0", "Ⅰ", "Ⅱ", "一、二、", "（一）（二）", "1.2.", "1.1", "3.5",
};
#elif defined(FUZZ_TEXT_EXTRACT)
/* numbers in every form, units, qualifiers, ranges, labels */
static const char *const k_tokens[] = {
    "0", "1", "2", "3", "5", "9", "12", "300", "2023", "155.6", ".", ".", ",", "，", "０", "１", "９",
    "〇", "○", "零", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "拾", "百", "佰", "千",
    "仟", "万", "亿", "壹", "贰", "叁", "点", "百分之", "分之", "个", "亩", "万亩", "公顷", "平方米", "平方公里",
    "万平方米", "元", "万元", "亿元", "千元", "人", "人次", "万人次", "户", "个", "公里", "米", "千米",
    "吨", "万吨", "斤", "公斤", "千克", "%", "％", "‰", "个百分点", "倍", "家", "座", "处", "所", "辆",
    "约", "余", "多", "近", "左右", "以上", "以下", "以内", "不少于", "超过", "达", "共", "累计", "逾",
    "突破", "-", "—", "～", "~", "至", "到", "、", "。", "；", "：", "（", "）", "\n", "\n", " ",
    "种植", "小麦", "面积", "投入", "资金", "脱贫", "群众", "道路", "硬化", "同比增长", "下降",
    "一是", "二、", "（三）", "①", "1.", "第", "年", "月", "日", "号", "2023年", "12月", "第一",
};
#else
#error "define FUZZ_TEXT_SEGMENT or FUZZ_TEXT_EXTRACT"
#endif

#define NTOK (sizeof k_tokens / sizeof k_tokens[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0 || size > (1u << 20)) return 0;
  /* no token is longer than 40 bytes */
  char *text = malloc(size * 40 + 1);
  FZ_CHECK(text != NULL);
  size_t n = 0;
  for (size_t i = 0; i < size;) {
    unsigned c = data[i];
    size_t k = c >= 0x80 ? fz_utf8_len(data + i, size - i) : 1;
    if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t' || k > 1) {
      memcpy(text + n, data + i, k);
      n += k;
      i += k;
    } else {
      const char *t = k_tokens[(c < 0x20 ? c : c - 0x60) % NTOK];
      size_t tl = strlen(t);
      memcpy(text + n, t, tl);
      n += tl;
      i++;
    }
  }
  FZ_CHECK(fz_utf8_count(text, n) != (size_t)-1);
#ifdef REPORTX_REPLAY
  /* triage: REPORTX_FUZZ_DUMP=file writes the text the input stands for */
  const char *dump = getenv("REPORTX_FUZZ_DUMP");
  FILE *df = dump ? fopen(dump, "wb") : NULL;
  if (df) {
    fwrite(text, 1, n, df);
    fclose(df);
  }
#endif

  reportx_options o;
  reportx_options_init(&o);
  o.encoding = "UTF-8";
  reportx_doc *doc = NULL;
  reportx_error e;
  reportx_status st = reportx_parse(text, n, &o, &doc, &e);
  if (st == REPORTX_OK) {
    size_t bom = n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;
    FZ_CHECK(reportx_doc_chars(doc) == fz_utf8_count(text, n) - bom);
    fz_check_doc(doc);
    fz_check_json(doc, (data[0] & 1) ? REPORTX_JSON_COMPACT : 0);
    reportx_doc_free(doc);
  } else {
    /* valid UTF-8 fails only when empty or mostly control characters */
    FZ_CHECK(doc == NULL);
    fz_check_error(st, &e);
    FZ_CHECK(st == REPORTX_ERR_EMPTY || st == REPORTX_ERR_BINARY || st == REPORTX_ERR_LIMIT);
  }
  free(text);
  return 0;
}

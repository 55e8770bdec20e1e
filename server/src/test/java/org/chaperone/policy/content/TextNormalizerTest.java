package org.chaperone.policy.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextNormalizerTest {

  static Stream<Arguments> baseCases() {
    return Stream.of(
        Arguments.of("plain ASCII", "Hello", "hello"),
        Arguments.of("full-width forms", "Ｔｅｘｔ ｍｅ", "text me"),
        Arguments.of("zero-width space and joiner", "te\u200Bxt m\u200De", "text me"),
        Arguments.of("soft hyphen and word joiner", "fu\u00ADck\u2060", "fuck"),
        Arguments.of("diacritics", "fück šhït", "fuck shit"),
        Arguments.of("Cyrillic look-alikes", "\u0441\u0430ll m\u0435", "call me"),
        Arguments.of("Greek look-alikes", "\u03BFk", "ok"),
        Arguments.of("mathematical bold", "\uD835\uDC1D\uD835\uDC26 me", "dm me"),
        Arguments.of("circled letters", "ⓢⓝⓐⓟ", "snap"),
        Arguments.of("ligature", "ﬁne", "fine"),
        Arguments.of("Arabic-Indic digits", "٥٥٥", "555"),
        Arguments.of("full-width digits", "５０３", "503"),
        Arguments.of("non-breaking and ideographic spaces", "a\u00A0b\u3000c", "a b c"),
        Arguments.of("curly apostrophe", "don’t", "don't"),
        Arguments.of("en dash", "555–1234", "555-1234"),
        Arguments.of("variation selector and emoji keycap", "5\uFE0F\u20E3", "5"),
        Arguments.of("regional indicators", "\uD83C\uDDE9\uD83C\uDDF2", "dm"),
        Arguments.of("Hangul filler", "a\u3164b", "ab"),
        Arguments.of("tabs become spaces, CRLF one line break", "a\tb\r\nc", "a b\nc"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("baseCases")
  void baseViewUndoesUnicodeEvasions(String name, String original, String expected) {
    assertThat(TextNormalizer.base(original).text()).isEqualTo(expected);
  }

  static Stream<Arguments> wordCases() {
    return Stream.of(
        Arguments.of("apostrophes dropped", "Don't tell", "dont tell"),
        Arguments.of("leetspeak", "sh1t @ss $lut b1tch", "shit ass slut bitch"),
        Arguments.of("numbers stay numbers", "Room 204 at 3:30", "room 204 at 3\n30"),
        Arguments.of("spaced-out letters joined", "f u c k this", "fuck this"),
        Arguments.of("dotted letters joined", "s.h.i.t happens", "shit happens"),
        Arguments.of("three single letters kept apart", "u r a star", "u r a star"),
        Arguments.of("sentence breaks", "Stop. Go! Now? Yes", "stop\ngo\nnow\nyes"),
        Arguments.of("masks kept", "f**k", "f**k"),
        Arguments.of("trailing punctuation dropped", "wow!! really+", "wow\nreally"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wordCases")
  void wordViewUndoesLeetspeakAndSpacing(String name, String original, String expected) {
    assertThat(WordView.of(TextNormalizer.base(original)).text()).isEqualTo(expected);
  }

  @Test
  void everyViewCharMapsBackIntoTheOriginal() {
    String original = "Ｔｅ\u200Bxt 🙂 me at f.u.c.k \uD835\uDC1D\uD835\uDC26 fück";
    MappedText base = TextNormalizer.base(original);
    WordView words = WordView.of(base);
    for (MappedText view : new MappedText[] {base, words.mapped()}) {
      for (int i = 0; i < view.length(); i++) {
        assertThat(view.originStart(i)).isBetween(0, original.length() - 1);
        assertThat(view.originEnd(i)).isBetween(view.originStart(i) + 1, original.length());
      }
    }
    int start = words.text().indexOf("fuck");
    int[] r = words.mapped().toOriginal(start, start + 4);
    assertThat(original.substring(r[0], r[1])).isEqualTo("f.u.c.k");
    int dm = words.text().indexOf("dm");
    int[] d = words.mapped().toOriginal(dm, dm + 2);
    assertThat(original.substring(d[0], d[1])).isEqualTo("\uD835\uDC1D\uD835\uDC26");
  }

  @Test
  void hostileInputDoesNotBreakNormalisation() {
    StringBuilder sb = new StringBuilder();
    for (int cp = 0; cp < 0x3000; cp += 7) {
      if (!Character.isSurrogate((char) cp)) {
        sb.appendCodePoint(cp);
      }
    }
    sb.append("\uD800"); // lone surrogate
    String s = sb.toString();
    WordView w = WordView.of(TextNormalizer.base(s));
    assertThat(w.text()).isNotNull();
  }
}

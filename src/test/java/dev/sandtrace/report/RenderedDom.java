package dev.sandtrace.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DOM Chromium serialises with {@code --dump-dom}, read back into elements so that tests can
 * ask structural questions (which .proc is inside which) instead of matching text. Only what
 * Chromium's serialiser emits is handled: lower-case tags, double-quoted attributes, void
 * elements without end tags, raw script/style text, and its five entities plus numeric ones.
 */
final class RenderedDom {
    private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr");
    private static final Set<String> RAW = Set.of("script", "style");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\\s+[^\\s=>/]+(?:=\"[^\"]*\")?)*)\\s*(/?)>");
    private static final Pattern ATTR = Pattern.compile("([^\\s=>/]+)(?:=\"([^\"]*)\")?");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);");

    static final class Element {
        final String tag;
        final Map<String, String> attrs;
        final Element parent;
        final List<Object> children = new ArrayList<>(); // Element or String

        Element(String tag, Map<String, String> attrs, Element parent) {
            this.tag = tag;
            this.attrs = attrs;
            this.parent = parent;
        }

        String attr(String name) { return attrs.get(name); }

        boolean hasClass(String c) {
            String cls = attrs.get("class");
            return cls != null && List.of(cls.split("\\s+")).contains(c);
        }

        String text() {
            var sb = new StringBuilder();
            appendText(sb);
            return sb.toString();
        }

        private void appendText(StringBuilder sb) {
            for (Object c : children) {
                if (c instanceof String s) sb.append(s);
                else ((Element) c).appendText(sb);
            }
        }

        List<Element> all(Predicate<Element> p) {
            var out = new ArrayList<Element>();
            collect(p, out);
            return out;
        }

        private void collect(Predicate<Element> p, List<Element> out) {
            for (Object c : children) {
                if (c instanceof Element e) {
                    if (p.test(e)) out.add(e);
                    e.collect(p, out);
                }
            }
        }

        List<Element> byClass(String c) { return all(e -> e.hasClass(c)); }

        List<Element> byTag(String t) { return all(e -> e.tag.equals(t)); }

        Element byId(String id) {
            var found = all(e -> id.equals(e.attr("id")));
            if (found.size() != 1) throw new AssertionError(found.size() + " elements with id " + id);
            return found.get(0);
        }

        /** The nearest enclosing element matching p, or null. */
        Element ancestor(Predicate<Element> p) {
            for (Element e = parent; e != null; e = e.parent) if (p.test(e)) return e;
            return null;
        }

        @Override
        public String toString() { return "<" + tag + " " + attrs + ">"; }
    }

    private RenderedDom() {}

    static Element parse(String html) {
        var root = new Element("#document", Map.of(), null);
        Element current = root;
        Matcher m = TAG.matcher(html);
        int pos = 0;
        while (m.find(pos)) {
            if (m.start() > pos) current.children.add(decode(html.substring(pos, m.start())));
            pos = m.end();
            String tag = m.group(2).toLowerCase();
            if (m.group(1).equals("/")) {
                for (Element e = current; e != root; e = e.parent) {
                    if (e.tag.equals(tag)) { current = e.parent; break; }
                }
                continue;
            }
            var attrs = new LinkedHashMap<String, String>();
            Matcher a = ATTR.matcher(m.group(3));
            while (a.find()) attrs.put(a.group(1), a.group(2) == null ? "" : decode(a.group(2)));
            var e = new Element(tag, attrs, current);
            current.children.add(e);
            if (RAW.contains(tag)) {
                int end = html.indexOf("</" + tag + ">", pos);
                if (end < 0) throw new IllegalArgumentException("unterminated " + tag);
                e.children.add(html.substring(pos, end));
                pos = end + tag.length() + 3;
            } else if (!VOID.contains(tag) && m.group(4).isEmpty()) {
                current = e;
            }
        }
        if (pos < html.length()) current.children.add(decode(html.substring(pos)));
        return root;
    }

    private static String decode(String s) {
        return ENTITY.matcher(s).replaceAll(r -> {
            String n = r.group(1);
            String c = switch (n) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "nbsp" -> "\u00a0";
                default -> n.startsWith("#x") ? Character.toString(Integer.parseInt(n.substring(2), 16))
                        : n.startsWith("#") ? Character.toString(Integer.parseInt(n.substring(1))) : r.group();
            };
            return Matcher.quoteReplacement(c);
        });
    }
}

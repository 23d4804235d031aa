package dev.sandtrace.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostRulesTest {
    private static final HostRules RULES = HostRules.parse(List.of(
            "Registry.NPMjs.org.", "*.pythonhosted.org", "pypi.org:443", "127.0.0.1", "[::1]:8080"));

    @Test
    void exactNameMatchesAnyPortIgnoringCaseAndTrailingDot() {
        assertThat(RULES.check("registry.npmjs.org", 443)).isEqualTo(new HostRules.Verdict(true, "allowed by registry.npmjs.org"));
        assertThat(RULES.check("REGISTRY.npmjs.ORG.", 80).allowed()).isTrue();
        assertThat(RULES.check("npmjs.org", 443)).isEqualTo(new HostRules.Verdict(false, "npmjs.org is not in allow_hosts"));
        assertThat(RULES.check("xregistry.npmjs.org", 443).allowed()).isFalse();
        assertThat(RULES.check("registry.npmjs.org.evil.test", 443).allowed()).isFalse();
    }

    @Test
    void wildcardMatchesEverySubdomainButNotTheDomainItself() {
        assertThat(RULES.check("files.pythonhosted.org", 443)).isEqualTo(new HostRules.Verdict(true, "allowed by *.pythonhosted.org"));
        assertThat(RULES.check("a.b.c.pythonhosted.org", 1).allowed()).isTrue();
        assertThat(RULES.check("pythonhosted.org", 443)).isEqualTo(new HostRules.Verdict(false, "pythonhosted.org is not in allow_hosts"));
        assertThat(RULES.check("evilpythonhosted.org", 443).allowed()).isFalse();
        assertThat(RULES.check(".pythonhosted.org", 443).allowed()).isFalse();
    }

    @Test
    void portEntryAllowsThatPortOnly() {
        assertThat(RULES.check("pypi.org", 443)).isEqualTo(new HostRules.Verdict(true, "allowed by pypi.org:443"));
        assertThat(RULES.check("pypi.org", 80)).isEqualTo(new HostRules.Verdict(false, "port 80 of pypi.org is not allowed (pypi.org:443)"));
        HostRules two = HostRules.parse(List.of("pypi.org:443", "*.org:8443"));
        assertThat(two.check("pypi.org", 80).reason()).isEqualTo("port 80 of pypi.org is not allowed (pypi.org:443, *.org:8443)");
        assertThat(two.check("pypi.org", 8443).reason()).isEqualTo("allowed by *.org:8443");
    }

    @Test
    void addressesMatchOnlyTheirOwnSpelling() {
        assertThat(RULES.check("127.0.0.1", 5000)).isEqualTo(new HostRules.Verdict(true, "allowed by 127.0.0.1"));
        // other spellings of 127.0.0.1 that resolvers accept are not host names and match nothing
        assertThat(RULES.check("127.1", 5000)).isEqualTo(new HostRules.Verdict(false, "\"127.1\" is not a valid host name"));
        assertThat(RULES.check("2130706433", 5000).allowed()).isFalse();
        assertThat(RULES.check("127.000.0.1", 5000).allowed()).isFalse();
        assertThat(RULES.check("::ffff:127.0.0.1", 5000).reason()).isEqualTo("allowed by 127.0.0.1");
        assertThat(RULES.check("::1", 8080)).isEqualTo(new HostRules.Verdict(true, "allowed by [::1]:8080"));
        assertThat(RULES.check("0:0:0:0:0:0:0:1", 8080).allowed()).isTrue();
        assertThat(RULES.check("::1", 8081)).isEqualTo(new HostRules.Verdict(false, "port 8081 of [::1] is not allowed ([::1]:8080)"));
        assertThat(RULES.check("::2", 8080)).isEqualTo(new HostRules.Verdict(false, "[::2] is not in allow_hosts"));
        assertThat(HostRules.parse(List.of("*.0.1.org")).check("127.0.0.1", 80).allowed()).isFalse();
    }

    @Test
    void badHostsAndPortsAreRefused() {
        assertThat(RULES.check("registry.npmjs.org", 0).allowed()).isFalse();
        assertThat(RULES.check("registry.npmjs.org", 65536).allowed()).isFalse();
        assertThat(RULES.check("", 443).allowed()).isFalse();
        assertThat(RULES.check("a b.pythonhosted.org", 443).allowed()).isFalse();
        assertThat(RULES.check("x..pythonhosted.org", 443).allowed()).isFalse();
        assertThat(RULES.check("fe80::1%eth0", 443).allowed()).isFalse();
    }

    @Test
    void entriesAreNormalised() {
        assertThat(RULES.entries()).containsExactly("registry.npmjs.org", "*.pythonhosted.org", "pypi.org:443", "127.0.0.1", "[::1]:8080");
        assertThat(RULES.isEmpty()).isFalse();
        assertThat(HostRules.parse(List.of()).isEmpty()).isTrue();
        assertThat(HostRules.parse(List.of("[0:0:0:0:0:0:0:1]", "[2001:DB8:0:0:1:0:0:1]:443")).entries())
                .containsExactly("[::1]", "[2001:db8::1:0:0:1]:443");
        assertThat(HostRules.parse(List.of()).check("anything.test", 443).reason()).isEqualTo("anything.test is not in allow_hosts");
    }

    @Test
    void aStarAloneAllowsEveryHostAndStillChecksItsPort() {
        HostRules any = HostRules.parse(List.of("*"));
        assertThat(any.check("evil.example", 443)).isEqualTo(new HostRules.Verdict(true, "allowed by *"));
        assertThat(any.check("10.0.0.1", 22).allowed()).isTrue();
        assertThat(any.check("127.1", 80).allowed()).as("odd spellings stay refused").isFalse();
        HostRules https = HostRules.parse(List.of("*:443"));
        assertThat(https.check("a.example", 443).allowed()).isTrue();
        assertThat(https.check("a.example", 80).allowed()).isFalse();
    }

    @Test
    void badEntriesAreNamedWithTheProblem() {
        assertBad("", "allow_hosts entry \"\" is empty");
        assertBad("pypi .org", "contains white space");
        assertBad(" pypi.org", "contains white space");
        assertBad("*.", "no domain after");
        assertBad("*..", "no domain after");
        assertBad("https://PyPI.org/simple", "has a scheme; write the host alone, as in pypi.org");
        assertBad("pypi.org/simple", "has a path");
        assertBad("pypi.org:0", "bad port 0");
        assertBad("pypi.org:65536", "bad port 65536");
        assertBad("pypi.org:https", "bad port \"https\"");
        assertBad("pypi.org:", "bad port \"\"");
        assertBad("::1", "write IPv6 addresses in brackets");
        assertBad("[::1", "no closing ]");
        assertBad("[pypi.org]", "brackets are for IPv6");
        assertBad("foo.*.com", "may only stand alone as the first label");
        assertBad("*foo.com", "may only stand alone as the first label");
        assertBad("a..b", "not a valid host name");
        assertBad("1.2.3", "not a valid host name");
        assertBad("256.1.1.1", "not a valid host name");
        assertBad("user@pypi.org", "user name");
        assertBad("*.10.0.0.1", "needs a domain name");
        assertBad("bücher.de", "not a valid host name");
    }

    private static void assertBad(String entry, String message) {
        assertThatThrownBy(() -> HostRules.parse(List.of("ok.test", entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageStartingWith("allow_hosts entry ");
    }
}

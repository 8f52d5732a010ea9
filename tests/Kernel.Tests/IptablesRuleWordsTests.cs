using Conlink.Kernel.Tools;

namespace Conlink.Kernel.Tests;

public sealed class IptablesRuleWordsTests
{
    [Fact]
    public void A_listed_rule_splits_into_words_with_its_quoted_comment_kept_whole()
    {
        var words = Iptables.RuleWords("-A PREROUTING -i DOCKER-ETH0 -p tcp -m tcp --dport 8080 -m comment --comment \"conlink node_1-eth0\" -j DNAT --to-destination 10.0.0.1:80");

        Assert.Equal(["-A", "PREROUTING", "-i", "DOCKER-ETH0", "-p", "tcp", "-m", "tcp", "--dport", "8080", "-m", "comment", "--comment",
            "conlink node_1-eth0", "-j", "DNAT", "--to-destination", "10.0.0.1:80"], words);
    }
}

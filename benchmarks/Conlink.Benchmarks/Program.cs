Console.Error.WriteLine("usage: Conlink.Benchmarks netlink|engine|docker|churn [N]");
return 2;

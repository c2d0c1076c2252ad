using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace MergeBus.Redis.Saga;

public static class RedisSagaRepositoryRegistration
{
    /// <summary>
    /// Keeps this saga in Redis:
    /// <c>x.AddSagaStateMachine&lt;M, T&gt;().Repository(r =&gt; r.UseMergeBusRedis(o =&gt; o.Retention = ...))</c>.
    /// Uses the <see cref="IConnectionMultiplexer"/> registered in DI unless a ConnectionFactory is configured.
    /// Also registers <see cref="ISagaStateQuery{TSaga}"/>.
    /// </summary>
    public static ISagaRepositoryRegistrationConfigurator<TSaga> UseMergeBusRedis<TSaga>(
        this ISagaRepositoryRegistrationConfigurator<TSaga> configurator,
        Action<RedisSagaRepositoryOptions<TSaga>>? configure = null)
        where TSaga : class, ISagaVersion
    {
        var options = new RedisSagaRepositoryOptions<TSaga>();
        configure?.Invoke(options);
        options.Validate();

        configurator.TryAddSingleton(options);
        configurator.TryAddSingleton(provider => new RedisSagaStore<TSaga>(
            options.ConnectionFactory?.Invoke(provider) ?? provider.GetRequiredService<IConnectionMultiplexer>(), options));
        configurator.TryAddSingleton<ISagaStateQuery<TSaga>, RedisSagaQueries<TSaga>>();

        configurator.RegisterSagaRepository<TSaga, RedisSagaStore<TSaga>, SagaConsumeContextFactory<RedisSagaStore<TSaga>, TSaga>,
            RedisSagaRepositoryContextFactory<TSaga>>();
        configurator.RegisterLoadSagaRepository<TSaga, RedisSagaRepositoryContextFactory<TSaga>>();
        configurator.RegisterQuerySagaRepository<TSaga, RedisSagaRepositoryContextFactory<TSaga>>();
        return configurator;
    }
}

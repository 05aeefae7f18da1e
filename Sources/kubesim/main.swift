import KubeSimCLI

await KubeSimCommand.main()
